import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export interface QuickEntryPrefill {
  partyId?: string;
}

interface QuickEntryApi {
  open(prefill?: QuickEntryPrefill): void;
}

const QuickEntryContext = createContext<QuickEntryApi>({ open: () => {} });

export function useQuickEntry(): QuickEntryApi {
  return useContext(QuickEntryContext);
}

// the drawer (the communication form: date pickers, customer search, uploads) is fetched
// when it is first opened, not with every page; once there it stays mounted, keeping the draft
const QuickEntryDrawer = lazy(() => import('./QuickEntryDrawer.js').then((m) => ({ default: m.QuickEntryDrawer })));

export function QuickEntryProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ open: boolean; prefill?: QuickEntryPrefill; used?: boolean }>({ open: false });
  const open = useCallback((prefill?: QuickEntryPrefill) => setState({ open: true, prefill, used: true }), []);
  const close = useCallback(() => setState((s) => ({ ...s, open: false })), []);
  const api = useMemo(() => ({ open }), [open]);
  return (
    <QuickEntryContext.Provider value={api}>
      {children}
      {state.used && (
        <Suspense fallback={null}>
          <QuickEntryDrawer open={state.open} prefill={state.prefill} onClose={close} />
        </Suspense>
      )}
    </QuickEntryContext.Provider>
  );
}
