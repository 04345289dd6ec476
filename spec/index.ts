/**
 * The description of ONTAP's NDMP REST API that the client (`provider/`) and the simulator (`simulator/`) share, and
 * nothing else: the model definitions derived from NetApp's OpenAPI, the enumerations, the endpoints and parameters
 * of the ONTAP 9.9.1 reference, the error codes with NetApp's documented messages, and the wire types.
 *
 * It holds no behaviour: no validation, no rule of ONTAP's (which scope an operation needs, which authentication types
 * go together, when a node needs a user), no HTTP. Each side states the rules it applies in its own code
 * (`provider/ontap/schema/rules.ts`, `simulator/model/rules.ts`), and `test/spec/disagreement.test.ts` compares them,
 * so a misreading of ONTAP on one side is not silently inherited by the other. It imports nothing outside this folder.
 */
export * from "./enums";
export * from "./definitions";
export * from "./fields";
export * from "./codes";
export * from "./endpoints";
export type * from "./types";
