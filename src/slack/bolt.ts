/**
 * The parts of Bolt the app runs, loaded from the files that define them. Bolt's index also loads its
 * ExpressReceiver and AwsLambdaReceiver, with Express and about 120 modules the app never uses (it has an
 * HTTPReceiver of its own, src/slack/receiver.ts, or Socket Mode): about 50 ms of every start. Required rather
 * than imported, so Node and vitest agree on what a CommonJS module's default is. Types still come from
 * '@slack/bolt'; test/unit/slack/bolt.test.ts checks these are the very objects its index exports.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const app = require('@slack/bolt/dist/App.js') as typeof import('@slack/bolt/dist/App.js');
const errors = require('@slack/bolt/dist/errors.js') as typeof import('@slack/bolt/dist/errors.js');
const receiver =
  require('@slack/bolt/dist/receivers/HTTPReceiver.js') as typeof import('@slack/bolt/dist/receivers/HTTPReceiver.js');
export const HTTPModuleFunctions =
  require('@slack/bolt/dist/receivers/HTTPModuleFunctions.js') as typeof import('@slack/bolt/dist/receivers/HTTPModuleFunctions.js');

export const App = app.default;
export const HTTPReceiver = receiver.default;
export const { ErrorCode, ReceiverMultipleAckError } = errors;
export const { defaultBodyLimit, isRawBodyError } = HTTPModuleFunctions;
