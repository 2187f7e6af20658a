/**
 * Group commit: requests that share a key are gathered for a moment and handed to `flush` together.
 *
 * A key's first request waits `windowMs` for company; while a flush of that key is running, new
 * arrivals queue and go out together the moment it finishes (so under load a batch forms while the
 * previous one commits, and an idle key adds at most `windowMs` of latency). One flush per key runs
 * at a time; different keys flush in parallel. Requests keep their arrival order inside a batch.
 */
export interface BatcherOptions<Req, Res> {
  /** Handles one batch; returns one outcome per request, in the same order. */
  flush: (key: string, requests: Req[]) => Promise<Outcome<Res>[]>;
  windowMs?: number;
  maxBatch?: number;
}

export type Outcome<Res> = { ok: true; value: Res } | { ok: false; error: unknown };

interface Waiting<Req, Res> { req: Req; resolve: (v: Res) => void; reject: (e: unknown) => void }
interface Lane<Req, Res> { queue: Waiting<Req, Res>[]; running: boolean; timer: NodeJS.Timeout | null }

export class Batcher<Req, Res> {
  private readonly lanes = new Map<string, Lane<Req, Res>>();
  private readonly windowMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: BatcherOptions<Req, Res>) {
    this.windowMs = options.windowMs ?? 1;
    this.maxBatch = options.maxBatch ?? 128;
  }

  submit(key: string, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, lane = { queue: [], running: false, timer: null });
      lane.queue.push({ req, resolve, reject });
      if (lane.running) return;
      if (lane.queue.length >= this.maxBatch) this.run(key, lane);
      else if (!lane.timer) lane.timer = setTimeout(() => this.run(key, lane!), this.windowMs);
    });
  }

  private run(key: string, lane: Lane<Req, Res>) {
    if (lane.timer) { clearTimeout(lane.timer); lane.timer = null; }
    if (lane.running) return;
    const batch = lane.queue.splice(0, this.maxBatch);
    if (batch.length === 0) { this.lanes.delete(key); return; }
    lane.running = true;
    void this.options.flush(key, batch.map((w) => w.req)).then(
      (outcomes) => batch.forEach((w, k) => {
        const o = outcomes[k];
        if (!o) w.reject(new Error('batch flush returned no outcome for a request'));
        else if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      }),
      (err) => batch.forEach((w) => w.reject(err)),
    ).finally(() => {
      lane.running = false;
      // Whatever queued during the flush goes out now: it already waited for a whole commit.
      if (lane.queue.length) this.run(key, lane);
      else this.lanes.delete(key);
    });
  }
}
