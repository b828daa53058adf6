/** `npm start -w @pullback-examples/optimize`: fits the model both ways and prints the logs. */
import { fitIris } from './fit.js';
import { report } from './report.js';

for (const line of report(fitIris())) console.log(line);
