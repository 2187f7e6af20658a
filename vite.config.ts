import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Font sizes and line heights written in px (ours and antd-mobile's) are served in rem (16 px = 1rem),
 * so text follows the root size: the phone's own text-size setting, and 李阿姨's 大字 switch that
 * enlarges the root on the resident pages. Boxes, borders and images stay in px.
 */
const PX_PER_REM = 16;
const textProperty = /^(font-size|line-height|--[\w-]*font-size[\w-]*)$/;
const textInRem = {
  postcssPlugin: 'linli-text-in-rem',
  Declaration(decl: { prop: string; value: string }) {
    if (!textProperty.test(decl.prop) || !decl.value.includes('px')) return;
    decl.value = decl.value.replace(/(-?\d*\.?\d+)px\b/g, (_, n: string) => (Number(n) === 0 ? '0' : `${+(Number(n) / PX_PER_REM).toFixed(4)}rem`));
  },
};

export default defineConfig({
  root: 'web',
  plugins: [react()],
  css: { postcss: { plugins: [textInRem] } },
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
