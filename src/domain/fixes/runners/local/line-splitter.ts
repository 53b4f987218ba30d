import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into lines (UTF-8 safe across chunk boundaries); overlong lines are cut. */
export function lineSplitter(onLine: (line: string) => void, maxLine = 8000) {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  const flush = (final: boolean) => {
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, '').slice(0, maxLine));
      buf = buf.slice(i + 1);
    }
    if (buf.length > maxLine) {
      onLine(buf.slice(0, maxLine));
      buf = '';
    }
    if (final && buf.length > 0) {
      onLine(buf.replace(/\r$/, ''));
      buf = '';
    }
  };
  return {
    push(chunk: Buffer) {
      buf += decoder.write(chunk);
      flush(false);
    },
    end() {
      buf += decoder.end();
      flush(true);
    },
  };
}
