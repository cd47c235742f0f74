import { useEffect, useRef } from 'react';

/** While `active`, Ctrl+Enter (⌘+Enter on a Mac) anywhere runs `action` — "save". */
export function useCtrlEnter(active: boolean, action: () => void) {
  const ref = useRef(action);
  ref.current = action;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.repeat) {
        e.preventDefault();
        ref.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active]);
}
