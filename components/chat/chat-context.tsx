"use client";

import { createStoreContext } from "@/components/ui/store-context";

import type { ChatController, ChatState } from "./chat-controller";

const context = createStoreContext<ChatController, ChatState>("useChatController");

export const ChatControllerProvider = context.Provider;
/** The pane's controller: actions (send, stop, regenerate, restore…) and its store. */
export const useChatController = context.useOwner;
export const useChatState = context.useSlice;
