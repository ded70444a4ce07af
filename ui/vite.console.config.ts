import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// The central record's web console: its own entry (console.html) and output (dist-console/),
// which the central record embeds and serves under /console/ with a strict CSP (no inline script
// or style: Vite's module preload polyfill is off, and no component writes a style attribute).
export default defineConfig({
  base: '/console/',
  plugins: [svelte()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  clearScreen: false,
  build: {
    outDir: 'dist-console',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    // Everything as files: an inlined asset would be a data: URL the CSP does not admit for scripts.
    assetsInlineLimit: 0,
    rollupOptions: { input: fileURLToPath(new URL('./console.html', import.meta.url)) },
  },
});
