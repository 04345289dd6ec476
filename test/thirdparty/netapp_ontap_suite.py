"""NetApp's netapp-ontap library, unmodified, against the ONTAP NDMP simulator.

Run by test/thirdparty/netapp-ontap.test.ts, which starts the simulator and passes its address in the environment
(SIM_HOST, SIM_PORT, SIM_USERNAME, SIM_PASSWORD, SIM_CA: the simulator's CA certificate file). Each step is one
library call; its outcome is printed as one JSON line, {"step", "ok", "value"} or {"step", "ok": false, "error"},
and the mocha test asserts every one. This script decides nothing: it only records what the library saw.

The library's own validation stays on (its marshmallow schemas check values before sending and after reading).
"""

import json
import os
import sys

from marshmallow import ValidationError
from netapp_ontap import HostConnection, config
from netapp_ontap.error import NetAppRestError
from netapp_ontap.resources import ClusterNdmpProperties, NdmpNode, NdmpPassword, NdmpSession, NdmpSvm

HOST = os.environ["SIM_HOST"]
PORT = int(os.environ["SIM_PORT"])
USERNAME = os.environ["SIM_USERNAME"]
PASSWORD = os.environ["SIM_PASSWORD"]
CA = os.environ["SIM_CA"]
# Certificate authentication: the certificate and key of a certificate login, and of a certificate whose common name
# is no login (issued by the same client CA).
CLIENT_CERT = os.environ["SIM_CLIENT_CERT"]
CLIENT_KEY = os.environ["SIM_CLIENT_KEY"]
STRANGER_CERT = os.environ["SIM_STRANGER_CERT"]
STRANGER_KEY = os.environ["SIM_STRANGER_KEY"]


def emit(record):
    sys.stdout.write(json.dumps(record, sort_keys=True) + "\n")
    sys.stdout.flush()


def describe_error(err):
    """What the test asserts of a failure: ONTAP's status and code when the host answered, else the kind."""
    if isinstance(err, NetAppRestError):
        body = err.response_body or {}
        error = body.get("error", {}) if isinstance(body, dict) else {}
        return {
            "kind": "ontap" if err.status_code else "library",
            "status": err.status_code,
            "code": error.get("code"),
            "target": error.get("target"),
            "message": error.get("message") or str(err),
        }
    if isinstance(err, ValidationError):
        return {"kind": "validation", "message": str(err.messages)}
    return {"kind": type(err).__name__, "message": str(err)}


def step(name, call):
    try:
        emit({"step": name, "ok": True, "value": call()})
    except Exception as err:  # pylint: disable=broad-except
        emit({"step": name, "ok": False, "error": describe_error(err)})


def reference(obj):
    return {"uuid": obj.uuid, "name": obj.name}


def svm_values(svm):
    return {
        "svm": reference(svm.svm),
        "enabled": svm.enabled,
        "authentication_types": list(svm.authentication_types),
    }


def node_values(node):
    return {
        "node": reference(node.node),
        "enabled": node.enabled,
        "authentication_types": list(node.authentication_types),
        "user": node.user,
        "password_returned": hasattr(node, "password"),
    }


def read_mode(connection=None):
    properties = ClusterNdmpProperties()
    if connection is not None:
        properties.set_connection(connection)
    properties.get()
    return properties.mode


def set_mode(mode):
    properties = ClusterNdmpProperties()
    properties.mode = mode
    properties.patch()
    return read_mode()


def read_svm(uuid):
    svm = NdmpSvm(svm={"uuid": uuid})
    svm.get()
    return svm_values(svm)


def patch_svm(uuid, **changes):
    svm = NdmpSvm(svm={"uuid": uuid})
    for key, value in changes.items():
        setattr(svm, key, value)
    svm.patch()
    return read_svm(uuid)


def read_node(uuid):
    node = NdmpNode(node={"uuid": uuid})
    node.get()
    return node_values(node)


def patch_node(uuid, **changes):
    node = NdmpNode(node={"uuid": uuid})
    for key, value in changes.items():
        setattr(node, key, value)
    node.patch()
    return read_node(uuid)


def session_values(session):
    values = {"id": session.id, "uuid": session.uuid}
    for owner in ("svm", "node"):
        if hasattr(session, owner):
            values[owner] = reference(getattr(session, owner))
    for field in ("backup_engine", "data_path", "tape_mode"):
        if hasattr(session, field):
            values[field] = getattr(session, field)
    return values


def main():
    # Certificate verification against the simulator's CA, and only it: the same host is refused with the
    # system's trust store.
    untrusted = HostConnection(HOST, username=USERNAME, password=PASSWORD, port=PORT, verify=True)
    step("tls.untrusted", lambda: read_mode(untrusted))

    # Certificate authentication, as NetApp documents HostConnection(cert=..., key=...): no username or password.
    with_cert = HostConnection(HOST, cert=CLIENT_CERT, key=CLIENT_KEY, port=PORT, verify=CA)
    step("cert.mode.get", lambda: read_mode(with_cert))
    stranger = HostConnection(HOST, cert=STRANGER_CERT, key=STRANGER_KEY, port=PORT, verify=CA)
    step("cert.unknown_login", lambda: read_mode(stranger))

    config.CONNECTION = HostConnection(HOST, username=USERNAME, password=PASSWORD, port=PORT, verify=CA)

    step("mode.get", read_mode)

    svms = list(NdmpSvm.get_collection(fields="*"))
    step("svm.get_collection", lambda: [svm_values(s) for s in svms])
    first_svm = svms[0].svm.uuid
    step("svm.get", lambda: read_svm(first_svm))
    step("svm.patch", lambda: patch_svm(first_svm, enabled=True, authentication_types=["plaintext", "challenge"]))
    step("password.get", lambda: password(first_svm, "vsadmin"))

    sessions = list(NdmpSession.get_collection(fields="*"))
    node_uuid = sessions[0].node.uuid
    step("node.get_collection.svm_scope", lambda: list(NdmpNode.get_collection()))
    step("node.get.svm_scope", lambda: read_node(node_uuid))

    second_svm = svms[1].svm.name
    step(
        "session.get_collection.filter",
        lambda: [session_values(s) for s in NdmpSession.get_collection(fields="*", **{"svm.name": second_svm})],
    )
    target = [s for s in sessions if s.svm.name == second_svm][0]
    # The library cannot build the instance path /sessions/{owner.uuid}/{session.id} (see simulator/README.md):
    # without filters its get() reads the whole collection and refuses more than one record.
    step("session.get.without_filters", lambda: session_get(None, None))
    step("session.get", lambda: session_get(target.uuid, target.id))
    step("session.delete", lambda: session_delete(target.uuid, target.id))

    step("mode.patch.node", lambda: set_mode("node"))
    nodes = list(NdmpNode.get_collection(fields="*"))
    step("node.get_collection", lambda: [node_values(n) for n in nodes])
    first_node = nodes[0].node.uuid
    step("node.get", lambda: read_node(first_node))
    step(
        "node.patch",
        lambda: patch_node(
            first_node,
            enabled=True,
            authentication_types=["challenge", "plaintext"],
            user="ndmpbackup",
            password="Backup-Secret-1",
        ),
    )
    step("node.patch.disable", lambda: patch_node(first_node, enabled=False))
    step("svm.patch.node_scope", lambda: patch_svm(first_svm, enabled=False))
    step("password.get.node_scope", lambda: password(first_svm, "vsadmin"))
    step("mode.patch.svm", lambda: set_mode("svm"))

    # The library's validation is on: an unknown mode is refused before anything is sent.
    step("mode.patch.invalid", lambda: set_mode("cluster"))


def password(svm_uuid, user):
    generated = NdmpPassword(svm_uuid, user=user)
    generated.get()
    return {"svm": generated.svm.uuid, "user": generated.user, "password": generated.password}


def session_get(owner, session_id):
    """The library's get() on the collection path, with the owner and id as query filters when given."""
    session = NdmpSession()
    filters = {"uuid": owner, "id": session_id, "fields": "*"} if owner else {}
    session.get(**filters)
    return session_values(session)


def session_delete(owner, session_id):
    NdmpSession().delete(uuid=owner, id=session_id)
    return [session_values(s) for s in NdmpSession.get_collection(uuid=owner, id=session_id)]


if __name__ == "__main__":
    main()
