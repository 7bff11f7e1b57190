"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";

import type { ChatController, ChatState } from "./chat-controller";

const ChatControllerContext = createContext<ChatController | null>(null);

export function ChatControllerProvider({ controller, children }: { controller: ChatController; children: ReactNode }) {
  return <ChatControllerContext.Provider value={controller}>{children}</ChatControllerContext.Provider>;
}

/** The pane's controller: actions (send, stop, regenerate, restore…) and its store. */
export function useChatController(): ChatController {
  const controller = useContext(ChatControllerContext);
  if (!controller) throw new Error("useChatController must be used inside <ChatPane>.");
  return controller;
}

/** Subscribes to one slice of the chat state; re-renders only when that slice changes. */
export function useChatState<T>(selector: (state: ChatState) => T): T {
  return useStore(useChatController().store, selector);
}
