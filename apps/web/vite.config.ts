import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run build -w @medlabel/web` writes dist/, which the server serves at `/`.
// `npm run dev -w @medlabel/web` proxies /api to a server on :8080.
// Production builds carry no source maps: everything in dist/ is public, and maps would hand out
// the whole source. The dev server keeps its own (in memory); MEDLABEL_WEB_SOURCEMAPS=1 builds
// them as files that no bundle links to (`hidden`), for a crash tool that holds them privately.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: process.env.MEDLABEL_WEB_SOURCEMAPS === '1' ? 'hidden' : false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
