// Preloaded with `node --import`: makes `typescript` impossible to resolve in this process, from
// ES modules and from CommonJS alike, as on a machine where it is not installed.
import Module, { register } from 'node:module';

const isTypeScript = (specifier) =>
  specifier === 'typescript' || specifier.startsWith('typescript/');
const notFound = (specifier, from) =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from ${from}`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });

const hooks = `
  export async function resolve(specifier, context, next) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/')) {
      throw Object.assign(new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    return next(specifier, context);
  }`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, import.meta.url);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (isTypeScript(request)) throw notFound(request, parent?.filename);
  return resolveFilename.call(this, request, parent, ...rest);
};
