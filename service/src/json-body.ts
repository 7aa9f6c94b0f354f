import type { Context } from 'koa';
import { Problem, PROBLEMS } from './problem';

/**
 * Enough for the largest valid request (a 2048-character URL written entirely as \uXXXX escapes is 12 KiB)
 * and small enough that a flood of bodies cannot hold much memory.
 */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON request body: `application/json` (UTF-8) only, not compressed, at most `limit` bytes.
 * Every refusal is a Problem naming what was wrong; nothing is parsed before the whole body has arrived.
 */
export async function readJsonBody(ctx: Context, limit = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = ctx.get('Content-Type');
  // Media types are case-insensitive (RFC 9110 §8.3.1): `Application/JSON` is JSON too.
  if (
    ctx.request.type.trim().toLowerCase() !== 'application/json' ||
    !/^utf-?8$/i.test(ctx.request.charset || 'utf-8')
  ) {
    throw new Problem(
      PROBLEMS.unsupportedMediaType,
      `Content-Type must be application/json (UTF-8); got ${contentType === '' ? 'none' : `'${contentType}'`}.`,
    );
  }
  const encoding = ctx.get('Content-Encoding').toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new Problem(
      PROBLEMS.unsupportedMediaType,
      `Content-Encoding '${encoding}' is not accepted; send the body uncompressed.`,
    );
  }
  const bytes = await readLimited(ctx, limit);
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Problem(PROBLEMS.malformedJson, 'The request body is not valid UTF-8.');
  }
  if (decoded.trim() === '')
    throw new Problem(PROBLEMS.malformedJson, 'The request body is empty; expected a JSON object.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch (error) {
    throw new Problem(PROBLEMS.malformedJson, `The request body is not valid JSON: ${(error as Error).message}`);
  }
  const duplicate = duplicateMember(decoded);
  if (duplicate !== undefined) {
    // JSON.parse keeps the last of two equal names; another parser (a proxy, a log pipeline) may keep the first,
    // so the body would mean different things to different readers (RFC 8259 §4: names SHOULD be unique).
    throw new Problem(PROBLEMS.malformedJson, `The request body names a member twice: ${duplicate}.`);
  }
  return parsed;
}

/**
 * The JSON Pointer of the first member whose name occurs earlier in the same object, in text that JSON.parse
 * accepted; undefined when every object's names are unique.
 */
export function duplicateMember(json: string): string | undefined {
  interface Frame {
    readonly pointer: string;
    /** Names seen so far; undefined for an array. */
    readonly names: Set<string> | undefined;
    /** The current member's name, or array index. */
    current: string;
    expectingName: boolean;
  }
  const stack: Frame[] = [];
  const childPointer = () => {
    const frame = stack.at(-1);
    return frame === undefined ? '' : `${frame.pointer}/${frame.current.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  };
  for (let index = 0; index < json.length; index += 1) {
    const char = json[index];
    if (char === '"') {
      let end = index + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const frame = stack.at(-1);
      if (frame?.names !== undefined && frame.expectingName) {
        const name = JSON.parse(json.slice(index, end + 1)) as string;
        frame.current = name;
        if (frame.names.has(name)) return childPointer();
        frame.names.add(name);
        frame.expectingName = false;
      }
      index = end;
    } else if (char === '{' || char === '[') {
      stack.push({
        pointer: childPointer(),
        names: char === '{' ? new Set() : undefined,
        current: '0',
        expectingName: true,
      });
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      const frame = stack.at(-1);
      if (frame === undefined) continue;
      if (frame.names === undefined) frame.current = String(Number(frame.current) + 1);
      else frame.expectingName = true;
    }
  }
  return undefined;
}

function readLimited(ctx: Context, limit: number): Promise<Buffer> {
  const tooLarge = () => {
    // The rest of the body is left unread, so the connection cannot carry another request.
    ctx.set('Connection', 'close');
    return new Problem(PROBLEMS.bodyTooLarge, `The request body exceeds ${limit} bytes.`);
  };
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) return Promise.reject(tooLarge());
  const request = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
      // Pausing, not destroying: destroying the request would reset the socket before the 413 is sent.
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      reject(tooLarge());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
