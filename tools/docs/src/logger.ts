import { ConsoleLogger, Logger, LogLevel } from 'typedoc';

/** One warning or error TypeDoc reported. */
export interface Message {
  readonly level: 'warning' | 'error';
  readonly text: string;
}

// ANSI colour codes TypeDoc puts around file names; the messages we keep are read by people and tests.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** TypeDoc's console logger that also keeps every warning and error (and prints only when `echo`). */
export class CollectingLogger extends ConsoleLogger {
  readonly messages: Message[] = [];

  constructor(private readonly echo: boolean) {
    super();
  }

  override log(message: string, level: Exclude<LogLevel, LogLevel.None>): void {
    if (level >= LogLevel.Warn) {
      this.messages.push({
        level: level === LogLevel.Error ? 'error' : 'warning',
        text: message.replace(ANSI, '').replace(/^\[(warning|error)\]\s*/, ''),
      });
    }
    if (this.echo) super.log(message, level);
    else Logger.prototype.log.call(this, message, level);
  }
}
