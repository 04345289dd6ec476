import * as assert from "assert";
import { OntapClient, OntapConfigError, isLoopbackHost, parseEndpoint } from "../../provider/ontap";
import { SECRET } from "./helpers";

describe("endpoint parsing", () => {
  const canonical: Array<[string, string]> = [
    ["cluster1", "https://cluster1"],
    ["Cluster1.Example.COM", "https://cluster1.example.com"],
    ["cluster1.example.com.", "https://cluster1.example.com"],
    ["  cluster1:8443  ", "https://cluster1:8443"],
    ["cluster1:443", "https://cluster1"],
    ["10.0.0.5", "https://10.0.0.5"],
    ["10.0.0.5:8443", "https://10.0.0.5:8443"],
    ["[FD20:8B1E::10]:8443", "https://[fd20:8b1e::10]:8443"],
    ["[fd20:8b1e:0:0::10]", "https://[fd20:8b1e::10]"],
    ["fd20:8b1e::10", "https://[fd20:8b1e::10]"],
    ["https://Cluster1:8443", "https://cluster1:8443"],
    ["HTTPS://cluster1:443/", "https://cluster1"],
    ["https://cluster1/api", "https://cluster1"],
    ["https://cluster1:8443/api/", "https://cluster1:8443"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://127.9.8.7", "http://127.9.8.7"],
    ["http://[::1]:8080/api", "http://[::1]:8080"],
    ["http://LOCALHOST:80/", "http://localhost"],
  ];
  for (const [input, expected] of canonical) {
    it(`normalises ${JSON.stringify(input)} to ${expected}`, () => {
      assert.strictEqual(parseEndpoint(input).baseUrl, expected);
    });
  }

  it("reports protocol, hostname, port and loopback", () => {
    assert.deepStrictEqual(parseEndpoint("[fd20::1]:8443"), {
      baseUrl: "https://[fd20::1]:8443",
      protocol: "https",
      hostname: "fd20::1",
      port: 8443,
      loopback: false,
    });
    assert.deepStrictEqual(parseEndpoint("http://localhost:8080"), {
      baseUrl: "http://localhost:8080",
      protocol: "http",
      hostname: "localhost",
      port: 8080,
      loopback: true,
    });
  });

  const refused: Array<[unknown, RegExp]> = [
    ["", /must not be empty/],
    ["   ", /must not be empty/],
    ["clu ster", /whitespace/],
    ["ftp://cluster1", /scheme must be https, not ftp/],
    ["https://cluster1/other", /only path allowed is "\/api", not "\/other"/],
    ["https://cluster1/api/protocols", /only path allowed/],
    ["https://cluster1/?x=1", /query or a fragment/],
    ["cluster1:0", /port must be between 1 and 65535/],
    ["cluster1:70000", /not a valid host name, address or URL/],
    ["cluster1:abc", /not a valid host name, address or URL/],
    ["-bad-.example.com", /not a valid host name/],
    ["a..b", /not a valid host name/],
    ["http://cluster1", /plain http:\/\/ is refused for a non-loopback host/],
    ["http://10.0.0.5:8080", /plain http:\/\/ is refused/],
    ["http://128.0.0.1", /plain http:\/\/ is refused/],
    [42, /must be a string, not a number/],
  ];
  for (const [input, why] of refused) {
    it(`refuses ${JSON.stringify(input)} naming the field, the value and what is allowed`, () => {
      assert.throws(
        () => parseEndpoint(input, "ontapHost"),
        (error: Error) => {
          assert.ok(error instanceof OntapConfigError);
          assert.strictEqual(error.field, "ontapHost");
          assert.match(error.message, /^Invalid ontapHost[ :]/);
          assert.match(error.message, why);
          if (typeof input === "string" && input.trim()) assert.ok(error.message.includes(input.trim()));
          assert.match(error.message, /Allowed: "name", "name:port", "\[v6\]:port" or "https:\/\/name:port"/);
          return true;
        },
      );
    });
  }

  it("refuses credentials in the URL without echoing any of the value", () => {
    assert.throws(
      () => parseEndpoint(`https://admin:${SECRET}@cluster1`),
      (error: Error) => {
        assert.match(error.message, /must not contain user information/);
        assert.ok(!error.message.includes(SECRET));
        assert.ok(!error.message.includes("admin"));
        assert.ok(!error.message.includes("cluster1"));
        return true;
      },
    );
  });

  it("knows loopback hosts", () => {
    for (const h of ["localhost", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "::ffff:127.0.0.1"]) {
      assert.strictEqual(isLoopbackHost(h), true, h);
    }
    for (const h of ["128.0.0.1", "10.0.0.1", "::2", "localhost.example.com", "example.com", "::ffff:10.0.0.1"]) {
      assert.strictEqual(isLoopbackHost(h), false, h);
    }
  });

  it("is what the client uses: http:// to a non-loopback host is refused before any request", () => {
    assert.throws(
      () => new OntapClient({ host: "http://cluster1.example.com", username: "u", password: "p" }),
      /Invalid host "http:\/\/cluster1.example.com": plain http:\/\/ is refused/,
    );
    const client = new OntapClient({ host: "http://127.0.0.1:9", username: "u", password: "p" });
    assert.strictEqual(client.baseUrl, "http://127.0.0.1:9");
    client.close();
  });
});
