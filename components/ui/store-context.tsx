"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useStore, type StoreApi } from "zustand";

/**
 * A React context for one long-lived object that owns a zustand store (a controller or service made
 * once per workbench): its provider, a hook for the object, and a hook for a slice of its state that
 * re-renders only when that slice changes.
 */
export function createStoreContext<Owner extends { store: StoreApi<State> }, State>(name: string) {
  const Context = createContext<Owner | null>(null);

  function Provider({ value, children }: { value: Owner; children: ReactNode }) {
    return <Context.Provider value={value}>{children}</Context.Provider>;
  }

  function useOwner(): Owner {
    const owner = useContext(Context);
    if (!owner) throw new Error(`${name} is used outside its provider.`);
    return owner;
  }

  function useSlice<T>(selector: (state: State) => T): T {
    return useStore(useOwner().store, selector);
  }

  return { Provider, useOwner, useSlice };
}
