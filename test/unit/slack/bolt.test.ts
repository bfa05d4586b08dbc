import * as bolt from '@slack/bolt';
import { expect, it } from 'vitest';
import * as parts from '../../../src/slack/bolt.js';

it("imports from Bolt's own files the very objects its index exports (a Bolt release that moves them fails here)", () => {
  expect(parts.App).toBe(bolt.App);
  expect(parts.HTTPReceiver).toBe(bolt.HTTPReceiver);
  expect(parts.ErrorCode).toBe(bolt.ErrorCode);
  expect(parts.ReceiverMultipleAckError).toBe(bolt.ReceiverMultipleAckError);
  expect(parts.defaultBodyLimit).toBe(bolt.defaultBodyLimit);
  expect(parts.isRawBodyError).toBe(bolt.isRawBodyError);
  expect(parts.HTTPModuleFunctions.buildContentResponse).toBe(bolt.HTTPModuleFunctions.buildContentResponse);
});
