import type { LabelledItem } from './evaluate-clustering.js';

/**
 * Recurring problems as their reporters phrase them: several titles and bodies each, with slots for the
 * values that differ from one report to the next (order numbers, e-mails, ids, versions, times).
 */
const issues: { group: string; titles: string[]; bodies: string[] }[] = [
  {
    group: 'checkout-discount',
    titles: [
      'Discount code not applied at checkout',
      'Coupon {code} does nothing at checkout',
      'Promo code rejected on order #{num}',
      'Checkout ignores my discount code',
    ],
    bodies: [
      'I entered {code} and the total stayed at {price} EUR.',
      'Order {num}: the coupon field accepts the code but the price is not reduced.',
      'Tried the discount code {num} times today, checkout still charges the full amount.',
      'The promo code from your newsletter is ignored when I pay ({email}).',
    ],
  },
  {
    group: 'login-loop',
    titles: [
      'Google sign-in loops back to the login page',
      'Stuck in a login loop with Google',
      'Signing in with Google redirects forever',
      'Cannot log in with my Google account',
    ],
    bodies: [
      'After choosing my account ({email}) I land on the login page again.',
      'The Google sign-in redirects back to /login, request id {uuid}.',
      'Since version {version} signing in with Google just reloads the page.',
      'Tried {num} times from {ip}, every Google login ends on the sign-in page.',
    ],
  },
  {
    group: 'export-timeout',
    titles: [
      'CSV export times out',
      'Export to CSV fails after {num} seconds',
      'Large export never finishes',
      'Exporting report {num} gives a timeout error',
    ],
    bodies: [
      'Exporting {num} rows ends with a 504 Gateway Timeout at {time}.',
      'The CSV export spinner runs and then fails with a timeout (job {hex}).',
      'Export of the sales report times out every time since {date}.',
      'Any export bigger than {num} MB times out.',
    ],
  },
  {
    group: 'push-notifications',
    titles: [
      'Push notifications stopped on iOS',
      'No notifications on iPhone since update {version}',
      'iOS app does not send push notifications',
      'Not getting any push alerts on my iPhone',
    ],
    bodies: [
      'Since updating to {version} I receive no notifications at all on iOS {num}.',
      'Notifications are enabled in settings but nothing arrives (device {uuid}).',
      'My iPhone stopped showing push notifications on {date}.',
      'Colleagues on Android get alerts, on iPhone we get none.',
    ],
  },
  {
    group: 'dark-mode',
    titles: ['Please add a dark mode', 'Dark theme request', 'Dark mode please', 'Night theme for the app'],
    bodies: [
      'The white background hurts my eyes at night.',
      'A dark theme would make the app usable in the evening.',
      'Would love a dark colour scheme like other apps have.',
      '',
    ],
  },
  {
    group: 'slow-search',
    titles: [
      'Search is very slow',
      'Searching takes {num} seconds',
      'Search results load slowly',
      'Slow search on large projects',
    ],
    bodies: [
      'Every search takes {num} seconds to show results.',
      'Searching for "{code}" took {num} ms on {date}.',
      'The search box is unusable with {num} items in the project.',
      'Search used to be instant, since {version} it is slow.',
    ],
  },
  {
    group: 'invoice-pdf',
    titles: [
      'Invoice PDF is blank',
      'Downloaded invoice {num} is an empty page',
      'Invoice download shows an empty PDF',
      'Blank PDF when downloading invoices',
    ],
    bodies: [
      'The PDF for invoice {num} opens but the page is empty.',
      'Invoices from {date} download as blank PDFs ({email}).',
      'Every invoice PDF I download is empty, file id {hex}.',
      'The invoice PDF has no content at all.',
    ],
  },
  {
    group: 'upload-android',
    titles: [
      'Photo upload fails on Android',
      'Cannot attach images on Android {num}',
      'Android app: image upload error',
      'Uploading a picture crashes on Android',
    ],
    bodies: [
      'Choosing a photo from the gallery shows "upload failed" (error {num}).',
      'On my Pixel with Android {num} attaching an image does nothing.',
      'The image upload fails with code {hex} on Android.',
      'App version {version} on Android cannot upload photos.',
    ],
  },
  {
    group: 'webhook-retries',
    titles: [
      'Webhooks are not retried',
      'Failed webhook {uuid} was never resent',
      'No retry after webhook failure',
      'Webhook deliveries lost when our server is down',
    ],
    bodies: [
      'Our endpoint returned 503 at {time} and the webhook was never retried.',
      'When {ip} is down for a minute we lose the webhook events.',
      'Delivery {hex} failed once and was dropped for good.',
      'We expect retries with backoff for failed webhook deliveries.',
    ],
  },
  {
    group: 'password-reset',
    titles: [
      'Password reset email never arrives',
      'No reset link received for {email}',
      'Forgot password mail not delivered',
      'Reset password email missing',
    ],
    bodies: [
      'I requested a reset link {num} times, nothing in my inbox or spam.',
      'The password reset email for {email} never came.',
      'Reset requested at {time} on {date}, still no email.',
      'Clicking "forgot password" says the mail was sent but it never arrives.',
    ],
  },
  {
    group: 'timezone-reports',
    titles: [
      'Reports show the wrong time zone',
      'Dates in reports are off by {num} hours',
      'Report timestamps use UTC instead of my time zone',
      'Wrong times in the weekly report',
    ],
    bodies: [
      'An event at {time} shows up as {num}:00 in the report.',
      'My account is set to Europe/Berlin but the report from {date} uses UTC.',
      'All report times are shifted by {num} hours.',
      'The weekly report lists times in the wrong zone.',
    ],
  },
  {
    group: 'two-factor-sms',
    titles: [
      '2FA code never arrives',
      'No SMS with the verification code',
      'Two-factor text message not delivered',
      'Verification code by SMS missing',
    ],
    bodies: [
      'I do not get the SMS with the code on +{num}.',
      'Tried {num} times, the two-factor code never arrives.',
      'The one-time code text never comes since {date}.',
      'Login blocked because the verification SMS is not delivered.',
    ],
  },
];

const fillers = [
  '',
  '',
  '',
  'Thanks.',
  'Please fix.',
  'This is urgent for us.',
  'Any update?',
  'Same since last week.',
];

/** Mulberry32: a tiny seeded generator, so a given (issues, reports, seed) always gives the same set. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MAX_GENERATED_ISSUES = issues.length;

/**
 * A labelled stream of `reports` reports about `issueCount` recurring problems, for testing that a
 * problem stays one cluster however often it recurs. Issue sizes follow a Zipf law (the first problem is
 * the most frequent, as real feedback is), each report picks a title and body phrasing, fills its slots
 * with fresh numbers, ids, e-mails, versions and times, and sometimes adds a filler sentence.
 */
export function generateVolumeSet(issueCount: number, reports: number, seed = 1): LabelledItem[] {
  if (!(issueCount >= 1 && issueCount <= issues.length))
    throw new Error(`issues must be between 1 and ${issues.length}`);
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const slots: Record<string, () => string> = {
    num: () => String(int(2, 99999)),
    price: () => `${int(5, 500)}.${int(10, 99)}`,
    email: () =>
      `${pick(['anna', 'bob', 'chen', 'dana', 'eli'])}.${int(1, 999)}@${pick(['example.com', 'mail.test', 'corp.example'])}`,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    hex: () => `${hex(10)}f3`,
    ip: () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    version: () => `${int(1, 9)}.${int(0, 30)}.${int(0, 99)}`,
    date: () => `2026-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
    time: () => `${int(0, 23)}:${String(int(0, 59)).padStart(2, '0')}`,
    code: () => `${pick(['SAVE', 'SPRING', 'WELCOME', 'VIP'])}${int(5, 80)}`,
  };
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_m, slot: string) => slots[slot]!());
  const chosen = issues.slice(0, issueCount);
  const zipf = chosen.map((_, i) => 1 / (i + 1));
  const total = zipf.reduce((a, b) => a + b, 0);
  const out: LabelledItem[] = [];
  for (let n = 0; n < reports; n++) {
    // the first K reports cover every issue once, so every issue recurs even in small sets
    let k = n < issueCount ? n : 0;
    if (n >= issueCount) {
      let r = rnd() * total;
      while (k < zipf.length - 1 && (r -= zipf[k]!) > 0) k++;
    }
    const issue = chosen[k]!;
    const body = [fill(pick(issue.bodies)), pick(fillers)].filter(Boolean).join(' ');
    out.push({ id: `gen-${n}`, title: fill(pick(issue.titles)), body, group: issue.group });
  }
  return out;
}
