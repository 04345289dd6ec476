// Asynchronous jobs: a 202 (or any answer carrying `job`) is followed until success or failure.
import * as assert from "assert";
import { OntapError } from "../../provider/ontap";
import { makeClient, recordAll, rejection, useNock } from "./helpers";

const JOB = "1f7cbd3e-0c1b-11ef-a5a3-005056ae0f01";
const jobLink = { job: { uuid: JOB, _links: { self: { href: `/api/cluster/jobs/${JOB}` } } } };
const JOB_URL = `/api/cluster/jobs/${JOB}?fields=state,message,code`;

describe("jobs", () => {
  useNock();

  it("follows a 202 until success, polling with a bounded interval", async () => {
    const states = ["queued", "running", "running", "running", "running", "success"];
    const seen = recordAll((s) =>
      s.method === "PATCH" ? [202, jobLink] : [200, { uuid: JOB, state: states.shift(), message: "m", code: 0 }],
    );
    const { client, clock } = makeClient({ jobs: { pollIntervalMs: 80, timeoutMs: 10_000 } });
    await client.patchSvm("s-1", { enabled: true });
    assert.deepStrictEqual(
      seen.map((s) => `${s.method} ${s.url}`),
      ["PATCH /api/protocols/ndmp/svms/s-1", ...Array(6).fill(`GET ${JOB_URL}`)],
    );
    // From pollIntervalMs/8, doubling, never above pollIntervalMs.
    assert.deepStrictEqual(clock.sleeps, [10, 20, 40, 80, 80]);
  });

  it("reports a write as settled only once its job has ended, and a failed write too (it may have been applied)", async () => {
    const order: string[] = [];
    const states = ["running", "success"];
    recordAll((s) => {
      order.push(s.method);
      if (s.method === "PATCH") return [202, jobLink];
      if (s.method === "DELETE") return [500, { error: { code: "2", message: "internal" } }];
      return [200, { uuid: JOB, state: states.shift(), message: "m", code: 0 }];
    });
    const { client } = makeClient({
      retry: { maxAttempts: 1 },
      onWriteSettled: (method, path) => order.push(`settled ${method} ${path}`),
    });
    await client.patchSvm("s-1", { enabled: true });
    await rejection(() => client.deleteSession("o-1", "7"));
    assert.deepStrictEqual(order, [
      "PATCH",
      "GET",
      "GET",
      "settled PATCH /api/protocols/ndmp/svms/s-1",
      "DELETE",
      "settled DELETE /api/protocols/ndmp/sessions/o-1/7",
    ]);
  });

  it("follows a job carried by a 200 answer too", async () => {
    const seen = recordAll((s) => (s.method === "DELETE" ? [200, jobLink] : [200, { state: "success", code: 0 }]));
    const { client } = makeClient();
    await client.deleteSession("o-1", "7");
    assert.strictEqual(seen.length, 2);
    assert.strictEqual(seen[1].url, JOB_URL);
  });

  it("turns a failed job into an OntapError with the job's message and code (number on the wire)", async () => {
    recordAll((s) =>
      s.method === "PATCH"
        ? [202, jobLink]
        : [200, { uuid: JOB, state: "failure", message: "Failed to modify NDMP on node1.", code: 2432836 }],
    );
    const { client } = makeClient();
    const error = await rejection(() => client.patchNode("n-1", { enabled: false }));
    assert.ok(error instanceof OntapError);
    assert.strictEqual(error.kind, "job");
    assert.strictEqual(error.code, "2432836");
    assert.strictEqual(error.ontapMessage, "Failed to modify NDMP on node1.");
    assert.strictEqual(error.jobUuid, JOB);
    assert.strictEqual(error.method, "PATCH");
    assert.strictEqual(error.path, "/api/protocols/ndmp/nodes/n-1");
    assert.strictEqual(error.status, 202);
    assert.strictEqual(
      error.message,
      `ONTAP PATCH /api/protocols/ndmp/nodes/n-1 failed: job ${JOB} 2432836 Failed to modify NDMP on node1.`,
    );
  });

  it('treats the state "error" like failure, and uses the job error object of newer releases', async () => {
    recordAll((s) =>
      s.method === "PATCH"
        ? [202, jobLink]
        : [
            200,
            {
              state: "error",
              error: { code: "68812801", message: "Node-scoped operations are not allowed in an SVM-scope." },
            },
          ],
    );
    const { client } = makeClient();
    const error = await rejection(() => client.patchNode("n-1", { enabled: false }));
    assert.strictEqual(error.kind, "job");
    assert.strictEqual(error.code, "68812801");
    assert.match(error.message, /Node-scoped operations are not allowed in an SVM-scope\. Hint: NDMP is in SVM scope/);
  });

  it("gives up after jobs.timeoutMs with an OntapError naming the job", async () => {
    const seen = recordAll((s) => (s.method === "PATCH" ? [202, jobLink] : [200, { state: "running" }]));
    const { client, clock } = makeClient({ jobs: { pollIntervalMs: 100, timeoutMs: 1_000 } });
    const error = await rejection(() => client.patchNdmpMode("svm"));
    assert.strictEqual(error.kind, "job");
    assert.match(error.message, new RegExp(`job ${JOB} did not finish within 1000 ms \\(last state: running\\)`));
    assert.match(String(error.hint), /still be running/);
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    assert.strictEqual(waited, 1_000);
    assert.ok(seen.length > 3 && seen.length < 20, `polls: ${seen.length}`);
  });

  it("refuses a 202 without a job uuid", async () => {
    recordAll(() => [202, {}]);
    const { client } = makeClient();
    const error = await rejection(() => client.patchNdmpMode("svm"));
    assert.strictEqual(error.kind, "response");
    assert.match(error.message, /sent no job uuid/);
  });

  it("retries a transient failure of a poll", async () => {
    let polls = 0;
    recordAll((s) => {
      if (s.method === "PATCH") return [202, jobLink];
      polls++;
      return polls === 1 ? [503, ""] : [200, { state: "success" }];
    });
    const { client } = makeClient();
    await client.patchSvm("s-1", { enabled: true });
    assert.strictEqual(polls, 2);
  });

  it("rejects nonsensical job options", () => {
    assert.throws(() => makeClient({ jobs: { pollIntervalMs: 0 } }), /jobs.pollIntervalMs/);
    assert.throws(() => makeClient({ jobs: { timeoutMs: -5 } }), /jobs.timeoutMs/);
  });
});
