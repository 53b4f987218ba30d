import { useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * Client-side navigation does not move focus or scroll like a page load: send both to the new page's
 * main region (or the #hash target), so keyboard and screen-reader users start at the content.
 */
export function ScrollToHash() {
  const { pathname, hash } = useLocation();
  useEffect(() => {
    // the target may render a moment later (data loading); try for a short while
    let tries = 0;
    const timer = window.setInterval(() => {
      const target = hash !== '' ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
      if (target !== null) {
        target.scrollIntoView({ block: 'start' });
        if (target.tabIndex >= 0 || target.hasAttribute('tabindex')) target.focus({ preventScroll: true });
        window.clearInterval(timer);
      } else if (hash === '' || ++tries > 20) {
        window.clearInterval(timer);
        if (hash === '') window.scrollTo(0, 0);
      }
    }, 100);
    return () => window.clearInterval(timer);
  }, [pathname, hash]);
  return null;
}
