import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  message: string;
  /** the inverse action; the toast offers "Undo" while it shows */
  undo?: () => Promise<unknown>;
  error?: boolean;
}

type Show = (t: Omit<Toast, 'id'>) => void;
const ToastContext = createContext<Show>(() => undefined);

/** What triage actions report: one line of what happened, with Undo, for 10 seconds (or until dismissed). */
export function useToast(): Show {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback<Show>((t) => {
    const id = next.current++;
    setToasts((ts) => [...ts.slice(-2), { ...t, id }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <ToastView key={t.id} toast={t} onDone={() => dismiss(t.id)} onError={show} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastView({ toast, onDone, onError }: { toast: Toast; onDone: () => void; onError: Show }) {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setTimeout(onDone, 10_000);
    return () => clearTimeout(timer);
  }, [onDone]);
  const undo = toast.undo;
  return (
    <div className={toast.error === true ? 'toast toast-error' : 'toast'}>
      <span>{toast.message}</span>
      {undo !== undefined && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            undo()
              .then(() => onError({ message: 'Undone.' }))
              .catch((err: unknown) =>
                onError({
                  message: `Could not undo: ${err instanceof Error ? err.message : String(err)}`,
                  error: true,
                }),
              )
              .finally(onDone);
          }}
        >
          Undo
        </button>
      )}
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={onDone}>
        ×
      </button>
    </div>
  );
}
