"use client";

import { createTwoFilesPatch } from "diff";
import { Eye, Radio } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";

import "@/components/ai-edits/ai-edits.css";
import { StreamingMarkdown } from "@/components/chat/markdown";
import { Reasoning } from "@/components/chat/reasoning";
import { SpeedHud } from "@/components/chat/speed-hud";
import { ToolCard } from "@/components/chat/tool-card";
import { FrameScheduler } from "@/components/frame-scheduler";
import { loadMonaco } from "@/components/monaco/load-monaco";
import { readChatTurn } from "@/lib/chat/client";
import { FOLLOW_HEAD_HEADER } from "@/lib/chat/contract";
import { TurnFold, type ToolProgress } from "@/lib/chat/fold";
import type { ChatMessage } from "@/lib/chat/messages";
import { TurnEditBus } from "@/lib/chat/turn-events";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { toAppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import { cheapestPlanWith } from "@/lib/plans/entitlements";
import type { ForkedShare, SharedSessionView } from "@/lib/shares/contract";

import { SharedFileTree } from "./shared-file-tree";
import { EditEventRelay } from "./edit-relay";
import { ViewerEditor } from "./viewer-editor";

type LinkState = "following" | "snapshot" | "gone";

const livePlan = cheapestPlanWith((e) => e.liveFollow) ?? "pro";
const LIVE_FOLLOW_PLAN = livePlan[0]!.toUpperCase() + livePlan.slice(1);

function Diff({ path, before, after }: { path: string; before: string | null; after: string | null }) {
  const patch = useMemo(() => createTwoFilesPatch(`a/${path}`, `b/${path}`, before ?? "", after ?? "", "", "", { context: 3 }), [path, before, after]);
  return (
    <pre data-testid="shared-diff" data-path={path} className="mt-1 max-h-64 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 text-[11px] leading-snug dark:border-zinc-700 dark:bg-zinc-900">
      {patch.split("\n").slice(2).map((line, i) => (
        <div key={i} className={line.startsWith("+") ? "text-emerald-700 dark:text-emerald-400" : line.startsWith("-") ? "text-rose-700 dark:text-rose-400" : ""}>
          {line || " "}
        </div>
      ))}
    </pre>
  );
}

/** One message of the transcript, read-only: the chat pane's own pieces, without its controls. */
function SharedMessage({ message, live, progress }: { message: ChatMessage; live: boolean; progress?: Readonly<Record<string, ToolProgress>> }) {
  if (message.role === "user") {
    const text = message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
    return (
      <article data-testid="shared-message" data-role="user" className="ml-8 rounded-lg bg-zinc-100 px-3 py-2 break-words whitespace-pre-wrap dark:bg-zinc-800">
        {text}
      </article>
    );
  }
  return (
    <article data-testid="shared-message" data-role="assistant" data-status={message.status} className="flex flex-col gap-2">
      {message.parts.map((part, i) =>
        part.type === "text" ? (
          <StreamingMarkdown key={i} text={part.text} streaming={live} />
        ) : part.type === "reasoning" ? (
          <Reasoning key={i} text={part.text} streaming={live} />
        ) : part.type === "tool" ? (
          <ToolCard key={i} part={part} progress={progress?.[part.toolCallId]} live={live} />
        ) : null,
      )}
      {(message.proposals ?? []).flatMap((proposal) => proposal.files.map((f) => <Diff key={`${proposal.toolCallId}:${f.path}`} path={f.moveTo ?? f.path} before={f.before} after={f.after} />))}
      {message.error ? <p className="text-[12px] text-rose-600">{message.error.message}</p> : null}
      <SpeedHud metrics={message.metrics} live={null} />
    </article>
  );
}

/**
 * A share link's page: the transcript, every edit as a diff, and the project's files in a read-only
 * Monaco. While the owner's model streams, the same stream (lib/chat protocol, readChatTurn) arrives
 * here through /api/s/[token]/live and the edit plays into the editor per frame. Never writes.
 */
function ForkButton({ token, targets }: { token: string; targets: { id: string; name: string }[] }) {
  const [target, setTarget] = useState(targets[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  if (!targets.length) return null;
  const fork = async () => {
    setBusy(true);
    try {
      const { projectId } = await apiFetch<ForkedShare>(`/api/s/${token}/fork`, { method: "POST", json: { workspaceId: target } });
      router.push(`/p/${projectId}`);
    } catch (e) {
      toast.error(toAppError(e, "session").message);
      setBusy(false);
    }
  };
  return (
    <span className="flex items-center gap-1">
      {targets.length > 1 ? (
        <select aria-label="Workspace to fork into" value={target} onChange={(e) => setTarget(e.target.value)} className="h-7 rounded border border-zinc-300 bg-transparent px-1 text-[12px] dark:border-zinc-700">
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      ) : null}
      <Button size="sm" data-testid="share-fork" disabled={busy} onClick={() => void fork()}>
        Fork into my workspace
      </Button>
    </span>
  );
}

export function SharedSession({ token, view, forkTargets }: { token: string; view: SharedSessionView; forkTargets: { id: string; name: string }[] }) {
  const router = useRouter();
  const [messages, setMessages] = useState<ChatMessage[]>(view.messages);
  // Turns that ended while followed live; one whose instance died before storing it exists only here.
  const [endedLive, setEndedLive] = useState<ChatMessage[]>([]);
  // A refreshed view (after a live turn ends) brings the stored transcript, the owner's question included.
  const [shownView, setShownView] = useState(view);
  if (shownView !== view) {
    setShownView(view);
    const stored = new Set(view.messages.map((m) => m.id));
    setMessages([...view.messages, ...endedLive.filter((m) => !stored.has(m.id))]);
  }
  const [live, setLive] = useState<{ message: ChatMessage; progress: Readonly<Record<string, ToolProgress>> } | null>(null);
  const [state, setState] = useState<LinkState>(view.live ? "following" : "snapshot");
  // The live stream is open (the server has subscribed this reader); false while (re)connecting.
  const [listening, setListening] = useState(false);
  const [openPath, setOpenPath] = useState<string | null>(null);
  const editorHost = useRef<HTMLDivElement>(null);
  const editorRef = useRef<ViewerEditor | null>(null);
  // A file chosen in the tree before Monaco has loaded opens once it has, instead of the README.
  const wantedPath = useRef<string | null>(null);
  const bus = useMemo(() => new TurnEditBus(), []);
  // Edits streamed before Monaco has loaded wait here for the editor (a viewer opening mid-turn).
  const relay = useMemo(() => new EditEventRelay(), []);
  useEffect(() => bus.subscribe(relay.onEditEvent), [bus, relay]);
  const files = useMemo(() => new Map(view.files.filter((f) => f.kind === "file").map((f) => [f.path, f.content ?? ""])), [view.files]);
  // One editor for the page's life: a refreshed view (after each live turn) hands its files to it
  // instead of replacing it, so the edit the viewer is watching stays on screen.
  const filesRef = useRef(files);
  useEffect(() => {
    filesRef.current = files;
    editorRef.current?.setFiles(files);
  }, [files]);

  useEffect(() => {
    let disposed = false;
    let unsubscribe = () => {};
    void loadMonaco().then((monaco) => {
      if (disposed || !editorHost.current) return;
      const editor = new ViewerEditor(monaco, editorHost.current, filesRef.current, setOpenPath);
      editorRef.current = editor;
      unsubscribe = relay.attach(editor.onEditEvent);
      const paths = [...filesRef.current.keys()];
      const first = wantedPath.current ?? paths.find((p) => /readme/i.test(p)) ?? paths[0];
      if (first) editor.open(first);
    });
    return () => {
      disposed = true;
      unsubscribe();
      editorRef.current?.dispose();
      editorRef.current = null;
    };
  }, [relay]);

  // The last stored message this page shows: a follow that finds the session's head elsewhere
  // (a turn started and ended before this page was listening) reloads the transcript.
  const head = useRef(view.messages.at(-1)?.id ?? "");
  useEffect(() => {
    head.current = view.messages.at(-1)?.id ?? "";
  }, [view]);

  useEffect(() => {
    if (!view.live) return;
    const abort = new AbortController();
    void (async () => {
      while (!abort.signal.aborted) {
        setListening(false);
        let response: Response;
        try {
          response = await fetch(`/api/s/${token}/live`, { signal: abort.signal, cache: "no-store" });
        } catch {
          if (abort.signal.aborted) return;
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (response.status === 404) return setState("gone");
        if (response.status === 204) return setState("snapshot");
        if (!response.ok || !response.body) {
          // A busy or restarting instance: try again rather than stop following for good.
          await response.body?.cancel();
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        // The server answers once this reader is subscribed: every turn from now on reaches it.
        setListening(true);
        if ((response.headers.get(FOLLOW_HEAD_HEADER) ?? "") !== head.current) router.refresh();
        const fold = new TurnFold({ id: "live" });
        let started = false;
        const render = new FrameScheduler(() => {
          const snapshot = fold.snapshot();
          if (started) setLive({ message: snapshot.message, progress: snapshot.toolProgress });
        }, { fallbackMs: 100 });
        const end = await readChatTurn(response.body, { fold, mode: "review", editBus: bus, onChunk: () => {
            started = true;
            render.schedule();
          },
          signal: abort.signal });
        render.cancel();
        const snapshot = fold.snapshot();
        if (started) {
          const ended: ChatMessage = { ...snapshot.message, status: end.status, error: end.error };
          // A broken stream is read again from the turn's start: the later copy replaces the first.
          setEndedLive((list) => [...list.filter((m) => m.id !== ended.id), ended]);
          setMessages((list) => [...list.filter((m) => m.id !== ended.id), ended]);
          // The refresh below brings it stored: the next follow need not refresh again for it.
          head.current = ended.id;
          router.refresh();
        }
        setLive(null);
      }
    })();
    return () => abort.abort();
  }, [bus, router, token, view.live]);

  if (state === "gone") {
    return (
      <main data-testid="share-gone" className="flex h-dvh items-center justify-center text-zinc-600 dark:text-zinc-400">
        This link is no longer available.
      </main>
    );
  }

  return (
    <main data-testid="shared-session" data-state={state} data-listening={listening ? "true" : "false"} className="flex h-dvh flex-col bg-white text-[13px] text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <Eye className="size-4 text-zinc-600 dark:text-zinc-400" aria-hidden />
        <h1 className="font-semibold" data-testid="shared-title">{view.title}</h1>
        <span className="text-zinc-600 dark:text-zinc-400">· {view.projectName}</span>
        <span className="rounded bg-zinc-100 px-1.5 py-px text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">Read-only</span>
        <span className="ml-auto" />
        <ForkButton token={token} targets={forkTargets} />
        {state === "following" ? (
          <span data-testid="share-live" className=" flex items-center gap-1 text-[11px] text-emerald-600">
            <Radio className="size-3" aria-hidden /> {live ? "Streaming now" : "Following live"}
          </span>
        ) : (
          <span className="text-[11px] text-zinc-600 dark:text-zinc-400">As of page load</span>
        )}
        {view.live ? null : (
          <span data-testid="share-upgrade" className="rounded bg-amber-50 px-1.5 py-px text-[11px] text-amber-800 dark:bg-amber-950 dark:text-amber-200">
            Watching answers live needs the {LIVE_FOLLOW_PLAN} plan: the owner can upgrade their workspace.
          </span>
        )}
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-[14rem_1fr_26rem]">
        <nav aria-label="Project files" data-testid="shared-files" className="overflow-auto border-r border-zinc-200 py-1 dark:border-zinc-800">
          <SharedFileTree files={view.files} openPath={openPath} onOpen={(path) => {
              wantedPath.current = path;
              editorRef.current?.open(path);
            }} />
        </nav>
        <section className="relative min-h-0" aria-label="Editor (read-only)">
          <div className="border-b border-zinc-200 px-3 py-1 font-mono text-[12px] text-zinc-600 dark:text-zinc-400 dark:border-zinc-800" data-testid="shared-open-path">
            {openPath ?? ""}
          </div>
          <div ref={editorHost} data-testid="shared-editor" className="absolute inset-x-0 top-7 bottom-0" />
        </section>
        <section aria-label="Chat" data-testid="shared-chat" className="flex min-h-0 flex-col gap-3 overflow-auto border-l border-zinc-200 p-3 dark:border-zinc-800">
          {/* The stored copy of the turn being replayed live shows once, live. */}
          {messages.filter((m) => m.id !== live?.message.id).map((m, i) => (
            <SharedMessage key={`${m.id}:${i}`} message={m} live={false} />
          ))}
          {live ? <SharedMessage message={live.message} live progress={live.progress} /> : null}
        </section>
      </div>
    </main>
  );
}
