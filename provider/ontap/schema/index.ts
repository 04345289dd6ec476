export * from "../../../spec/enums";
export * from "../../../spec/definitions";
export * from "./validate";
export * from "./rules";
export * from "../../../spec/fields";
export * from "./identifiers";
