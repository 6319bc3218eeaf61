import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// Element Plus components (and their CSS) are imported where they are used, so each route's chunk
// carries only what it needs. `npm run dev` proxies the API to a local `shouhu serve`.
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver()], dts: 'src/components.d.ts' })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // dist/.vite/manifest.json: what each route loads, for scripts/bundle-size.mjs.
    manifest: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': process.env.SHOUHU_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    // Mounting a whole Element Plus form takes seconds on a busy shared machine; the default 5 s
    // made the intake-form tests fail for load alone.
    testTimeout: 20000,
    // Element Plus components import their CSS; let Vite handle them in tests too.
    server: { deps: { inline: ['element-plus'] } },
  },
});
