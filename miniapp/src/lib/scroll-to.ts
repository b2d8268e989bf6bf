import Taro from '@tarojs/taro';

/**
 * Brings the first element matching `selector` into view once the page shows it: on weapp with the
 * platform's pageScrollTo (a selector, a little above so the field's label shows too); on H5 with
 * the browser's scrollIntoView, centred.
 */
export function scrollToFirst(selector: string): void {
  // after the render that shows it (weapp applies a render to the page asynchronously)
  Taro.nextTick(() => {
    if (process.env.TARO_ENV === 'h5') {
      const element = document.querySelector(selector);
      element?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    } else {
      Taro.pageScrollTo?.({ selector, offsetTop: -120, duration: 200 })?.catch(() => undefined);
    }
  });
}
