import { AppError } from "@/lib/errors";

/** Dispatched on window when the server answers 403: the caller's role may have changed since the page loaded. */
export const ACCESS_DENIED_EVENT = "wafer:access-denied";

export interface ApiRequestInit extends RequestInit {
  /** Sent as a JSON body with `content-type: application/json`. */
  json?: unknown;
  /** Statuses answered as they are rather than as an AppError (e.g. 404 meaning "none yet"). */
  passStatuses?: readonly number[];
  /** The error when the request never got an answer; defaults to `offline:api`. */
  offline?: (cause: unknown) => AppError;
  /** Test seam: the fetch to use. */
  fetch?: typeof fetch;
}

/**
 * The one browser-side fetch for Wafer's API: resolves with the response when it is ok (or its
 * status is passed), rejects with the server's AppError (code, message, details), or with
 * `offline` when the request never got an answer. An abort rejects with the fetch's AbortError.
 */
export async function apiRequest(input: string, init: ApiRequestInit = {}): Promise<Response> {
  const { json, headers, passStatuses, offline, fetch: fetchImpl = globalThis.fetch, ...rest } = init;
  let response: Response;
  try {
    response = await fetchImpl(input, {
      ...rest,
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch (cause) {
    if (rest.signal?.aborted || (cause instanceof DOMException && cause.name === "AbortError")) throw cause;
    throw offline?.(cause) ?? new AppError("offline:api", { cause });
  }
  if (!response.ok && !passStatuses?.includes(response.status)) {
    const error = await AppError.fromResponse(response);
    if (error.type === "forbidden" && typeof window !== "undefined") window.dispatchEvent(new CustomEvent(ACCESS_DENIED_EVENT, { detail: error.code }));
    throw error;
  }
  return response;
}

/** {@link apiRequest} for JSON answers: resolves with the parsed body (undefined for 204). */
export async function apiFetch<T>(input: string, init: ApiRequestInit = {}): Promise<T> {
  const response = await apiRequest(input, init);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Each segment encoded on its own so `/` stays a separator and `#`, `?`, `%` survive the trip. */
export function filePathUrl(projectId: string, path: string): string {
  return `/api/projects/${projectId}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}
