import { useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'soulcaster.theme';
const order: ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** `system` leaves the colours to prefers-color-scheme (styles.css); light or dark pins them. */
function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

/** Before the first render, so a pinned theme does not flash the other one. */
export function applyStoredTheme(): void {
  apply(stored());
}

export function useTheme(): { choice: ThemeChoice; next: () => void } {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  return {
    choice,
    next: () => {
      const n = order[(order.indexOf(choice) + 1) % order.length] ?? 'system';
      try {
        if (n === 'system') localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, n);
      } catch {
        // private mode: the choice lasts for this page only
      }
      apply(n);
      setChoice(n);
    },
  };
}
