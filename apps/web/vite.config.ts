import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run build -w @medlabel/web` writes dist/, which the server serves at `/`.
// `npm run dev -w @medlabel/web` proxies /api to a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
