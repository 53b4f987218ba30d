/** Progress on stderr: a redrawn bar on a terminal, a line every 10% otherwise (logs, CI). */
export function createProgress(label: string, total: number): { tick(n?: number): void; done(): void } {
  let count = 0;
  let lastDecile = -1;
  const tty = process.stderr.isTTY;
  const render = () => {
    const pct = total === 0 ? 100 : Math.floor((count / total) * 100);
    if (tty) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}/${total}`,
      );
    } else if (Math.floor(pct / 10) !== lastDecile) {
      lastDecile = Math.floor(pct / 10);
      process.stderr.write(`${label}: ${count}/${total} (${pct}%)\n`);
    }
  };
  return {
    tick(n = 1) {
      count += n;
      render();
    },
    done() {
      count = total;
      render();
      if (tty) process.stderr.write('\n');
    },
  };
}
