import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// `vite --config web/vite.config.ts` during development proxies the API to a running `soulcaster serve`.
const api = process.env.SOULCASTER_DEV_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: true },
  server: {
    proxy: {
      '/api': api,
      '/ingest': api,
      '/auth/github': api,
      '/auth/signout': api,
    },
  },
});
