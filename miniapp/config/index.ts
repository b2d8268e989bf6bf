import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * Builds the weapp and H5 apps. The shared contract lives outside src (../shared), so it is added
 * to the compile includes and aliased as @shared.
 *
 * API_BASE_URL: H5 calls the API through /api on its own origin (the dev server or scripts/serve-h5
 * proxies it); weapp needs an absolute HTTPS origin listed in the WeChat console.
 */
const sharedDir = path.resolve(__dirname, '..', '..', 'shared');
const isH5 = process.env.TARO_ENV === 'h5';
const apiBase = process.env.TARO_APP_API_BASE ?? (isH5 ? '/api' : 'http://127.0.0.1:3000');

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'union-services',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // npm start's watch build writes elsewhere so it never clobbers the build the tests use
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      API_BASE_URL: JSON.stringify(apiBase),
      DEV_LOGIN_ENABLED: JSON.stringify(isH5 && process.env.DEV_LOGIN !== 'off'),
    },
    alias: { '@shared': sharedDir },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedDir] },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
      // Taro splits only the initial chunks on H5, so every page's chunk carried its own copy of the
      // API contract and zod (747 KB gzipped in all, most of it repeated); split the pages too.
      webpackChain(chain) {
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
      },
      devServer: {
        host: '127.0.0.1',
        port: Number(process.env.H5_PORT ?? 10086),
        open: false,
        proxy: {
          '/api': { target: process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:3000', pathRewrite: { '^/api': '' }, changeOrigin: true },
        },
      },
    },
  };
  return config;
});
