// Every ONTAP error the simulator reproduces: body validation in ONTAP's order, scope rules, UUID and owner errors,
// authentication-type and node-user rules, password generation errors.
import * as assert from "assert";
import { OntapMessages } from "../../spec/codes";
import { CHALLENGE_REQUIRED } from "../../simulator/model/rules";
import { NDMP, setMode, useSimulator } from "./helpers";

const UNKNOWN = "0f0f0f0f-1111-4222-8333-444455556666";

describe("simulator errors", () => {
  const { client, sim } = useSimulator();
  const svm = (i = 0) => sim().control.state().svms[i].uuid;
  const node = (i = 0) => sim().control.state().nodes[i].uuid;
  const svmPath = () => `${NDMP}/svms/${svm()}`;

  describe("PATCH body validation, in ONTAP's order", () => {
    it("malformed JSON: 262199, without echoing the body", async () => {
      const error = await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262199" },
        { body: '{"enabled": tru, "x": "hunter2"' },
      );
      assert.ok(!error.message.includes("hunter2"));
    });

    it("a body on GET or DELETE: 262198, except the empty object netapp-ontap sends with every DELETE", async () => {
      await client().fails("GET", svmPath(), { status: 400, code: "262198" }, { body: { enabled: true } });
      const [s] = sim()
        .control.sessions()
        .filter((x) => x.scope === "svm");
      const path = `${NDMP}/sessions/${s.record.uuid}/${s.record.id}`;
      await client().fails("DELETE", path, { status: 400, code: "262198" }, { body: { force: true } });
      const deleted = await client().send("DELETE", path, { body: {} });
      assert.strictEqual(deleted.status, 200, deleted.text);
    });

    it("malformed JSON wins over a body on GET", async () => {
      await client().fails("GET", svmPath(), { status: 400, code: "262199" }, { body: "{" });
    });

    it("unknown field: 262179 Unexpected argument, target the dotted path", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262179", message: 'Unexpected argument "x".', target: "x" },
        { body: { x: 1 } },
      );
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262179", message: 'Unexpected argument "ndmp".', target: "ndmp.allowed" },
        { body: { ndmp: { allowed: true } } },
      );
    });

    it("CLI-only options are unknown fields too", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262179", target: "tcpnodelay" },
        {
          body: { tcpnodelay: true },
        },
      );
    });

    it("read-only field: 262196 naming the dotted field", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        {
          status: 400,
          code: "262196",
          message: 'Field "svm.name" cannot be set in this operation',
          target: "svm.name",
        },
        { body: { svm: { name: "other" } } },
      );
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262196", target: "_links.self.href" },
        {
          body: { _links: { self: { href: "/x" } } },
        },
      );
      await setMode(client(), "node");
      await client().fails(
        "PATCH",
        `${NDMP}/nodes/${node()}`,
        { status: 400, code: "262196", target: "node" },
        {
          body: { node: "x" },
        },
      );
    });

    it("unknown field wins over read-only and invalid values", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262179" },
        {
          body: { enabled: "maybe", svm: { name: "x" }, bogus: 1 },
        },
      );
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262196" },
        {
          body: { enabled: "maybe", svm: { name: "x" } },
        },
      );
    });

    it("invalid enum value or type: 262197 naming field and value", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        {
          status: 400,
          code: "262197",
          message: '"kerberos" is an invalid value for field "authentication_types"',
          target: "authentication_types",
        },
        { body: { authentication_types: ["challenge", "kerberos"] } },
      );
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262197", message: '"maybe" is an invalid value for field "enabled"', target: "enabled" },
        { body: { enabled: "maybe" } },
      );
      await client().fails(
        "PATCH",
        NDMP,
        { status: 400, code: "262197", target: "mode" },
        { body: { mode: "cluster" } },
      );
    });

    it("a JSON array body: 262255", async () => {
      await client().fails("PATCH", svmPath(), { status: 400, code: "262255" }, { body: [] });
    });

    it("an invalid node password is refused without echoing it", async () => {
      await setMode(client(), "node");
      const error = await client().fails(
        "PATCH",
        `${NDMP}/nodes/${node()}`,
        { status: 400, code: "262197" },
        {
          body: { password: 12345678 },
        },
      );
      assert.ok(!error.message.includes("12345678"));
    });
  });

  describe("scope rules", () => {
    it("node endpoints in SVM scope: 68812801 (400)", async () => {
      const expected = { status: 400, code: "68812801", message: OntapMessages["68812801"] };
      await client().fails("GET", `${NDMP}/nodes`, expected);
      await client().fails("GET", `${NDMP}/nodes/${node()}`, expected);
      await client().fails("PATCH", `${NDMP}/nodes/${node()}`, expected, { body: { enabled: true } });
    });

    it("SVM PATCH and password generation in node scope: 65601536", async () => {
      await setMode(client(), "node");
      const expected = { status: 400, code: "65601536", message: OntapMessages["65601536"] };
      await client().fails("PATCH", svmPath(), expected, { body: { enabled: true } });
      await client().fails("GET", `${svmPath()}/passwords/vsadmin`, expected);
    });
  });

  describe("nodes", () => {
    beforeEach(() => setMode(client(), "node"));

    it("malformed uuid: 68812802 (400); unknown node: 68812804 (404)", async () => {
      await client().fails("GET", `${NDMP}/nodes/not-a-uuid`, { status: 400, code: "68812802" });
      await client().fails("PATCH", `${NDMP}/nodes/not-a-uuid`, { status: 400, code: "68812802" }, { body: {} });
      await client().fails("GET", `${NDMP}/nodes/${UNKNOWN}`, { status: 404, code: "68812804" });
      await client().fails("PATCH", `${NDMP}/nodes/${UNKNOWN}`, { status: 404, code: "68812804" }, { body: {} });
    });

    it("a node deleted out of band is unknown afterwards", async () => {
      const uuid = node(1);
      assert.strictEqual(sim().control.deleteNode(uuid), true);
      await client().fails("GET", `${NDMP}/nodes/${uuid}`, { status: 404, code: "68812804" });
    });

    it("removing challenge in node scope is refused", async () => {
      await client().fails(
        "PATCH",
        `${NDMP}/nodes/${node()}`,
        { status: 400, code: "262197", message: CHALLENGE_REQUIRED, target: "authentication_types" },
        { body: { authentication_types: ["plaintext"] } },
      );
    });

    it("enabling a node without a user, or clearing the user of an enabled node: 68812800", async () => {
      const path = `${NDMP}/nodes/${node()}`;
      const expected = { status: 400, code: "68812800", message: OntapMessages["68812800"] };
      await client().fails("PATCH", path, expected, { body: { user: "" } });
      await client().ok("PATCH", path, "ndmp_node", { body: { enabled: false, user: "" } });
      await client().fails("PATCH", path, expected, { body: { enabled: true } });
      await client().ok("PATCH", path, "ndmp_node", { body: { enabled: true, user: "ndmp" } });
      assert.strictEqual((await client().get(path, "ndmp_node")).user, "ndmp");
    });

    it("nothing is applied when a PATCH fails", async () => {
      const path = `${NDMP}/nodes/${node()}`;
      await client().fails("PATCH", path, { status: 400, code: "68812800" }, { body: { user: "", enabled: true } });
      assert.strictEqual((await client().get(path, "ndmp_node")).user, "root");
    });
  });

  describe("SVMs", () => {
    it("unknown SVM: 404 code 4 entry doesn't exist, target uuid; malformed: 68812802", async () => {
      await client().fails("GET", `${NDMP}/svms/${UNKNOWN}`, {
        status: 404,
        code: "4",
        message: "entry doesn't exist",
        target: "uuid",
      });
      await client().fails("PATCH", `${NDMP}/svms/${UNKNOWN}`, { status: 404, code: "4" }, { body: {} });
      await client().fails("GET", `${NDMP}/svms/xyz`, { status: 400, code: "68812802" });
    });

    it("plaintext_sso combined with another type: 65601551", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "65601551", message: OntapMessages["65601551"], target: "authentication_types" },
        { body: { authentication_types: ["plaintext_sso", "challenge"] } },
      );
    });

    it("repeated or empty authentication types are refused", async () => {
      await client().fails(
        "PATCH",
        svmPath(),
        { status: 400, code: "262188" },
        {
          body: { authentication_types: ["challenge", "challenge"] },
        },
      );
      await client().fails("PATCH", svmPath(), { status: 400, code: "262197" }, { body: { authentication_types: [] } });
    });
  });

  describe("password generation", () => {
    it("unknown user: 404 code 4 target user; unknown SVM: 404 target uuid", async () => {
      await client().fails("GET", `${svmPath()}/passwords/nobody`, { status: 404, code: "4", target: "user" });
      await client().fails("GET", `${NDMP}/svms/${UNKNOWN}/passwords/vsadmin`, {
        status: 404,
        code: "4",
        target: "uuid",
      });
    });

    it("an SVM using plaintext_sso: 65601560", async () => {
      await client().ok("PATCH", svmPath(), "ndmp_svm", { body: { authentication_types: ["plaintext_sso"] } });
      await client().fails("GET", `${svmPath()}/passwords/vsadmin`, {
        status: 400,
        code: "65601560",
        message: OntapMessages["65601560"],
      });
    });
  });

  describe("sessions", () => {
    const svmSession = () =>
      sim()
        .control.sessions()
        .find((s) => s.scope === "svm")!.record;

    it("malformed owner uuid: 68812802 on GET and DELETE", async () => {
      await client().fails("GET", `${NDMP}/sessions/bad/2000:4000`, { status: 400, code: "68812802" });
      await client().fails("DELETE", `${NDMP}/sessions/bad/2000:4000`, { status: 400, code: "68812802" });
    });

    it("unknown SVM owner in SVM scope: 68812803 (404)", async () => {
      await client().fails("DELETE", `${NDMP}/sessions/${UNKNOWN}/2000:4000`, {
        status: 404,
        code: "68812803",
        message: OntapMessages["68812803"],
      });
      // A node is not an owner in SVM scope.
      await client().fails("DELETE", `${NDMP}/sessions/${node()}/2000`, { status: 404, code: "68812803" });
    });

    it("unknown node owner in node scope: 68812804 (404)", async () => {
      await setMode(client(), "node");
      await client().fails("DELETE", `${NDMP}/sessions/${UNKNOWN}/2000`, { status: 404, code: "68812804" });
      await client().fails("GET", `${NDMP}/sessions/${svm()}/2000:4000`, { status: 404, code: "68812804" });
    });

    it("unknown session id on a known owner: 404 code 4", async () => {
      const s = svmSession();
      await client().fails("DELETE", `${NDMP}/sessions/${s.uuid}/9999:9999`, { status: 404, code: "4" });
      await client().fails("GET", `${NDMP}/sessions/${s.uuid}/9999:9999`, { status: 404, code: "4" });
    });

    it("missing id part: 68812806", async () => {
      const s = svmSession();
      const expected = { status: 400, code: "68812806", message: OntapMessages["68812806"] };
      await client().fails("DELETE", `${NDMP}/sessions/${s.uuid}`, expected);
      await client().fails("DELETE", `${NDMP}/sessions/${s.uuid}/`, expected);
      await client().fails("GET", `${NDMP}/sessions/${s.uuid}/`, expected);
    });

    it("a session of the other scope is not reachable", async () => {
      const nodeSession = sim()
        .control.sessions()
        .find((s) => s.scope === "node")!.record;
      await client().fails("GET", `${NDMP}/sessions/${nodeSession.uuid}/${nodeSession.id}`, {
        status: 404,
        code: "68812803",
      });
    });
  });
});
