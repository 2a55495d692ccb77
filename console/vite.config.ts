import { defineConfig } from 'vite';

// The gateway's Maven build runs `npm run build -- --outDir <gateway classes>/console`; `dist/` otherwise.
// JSX compiles to Preact's automatic runtime with esbuild (no plugin needed).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 300 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
