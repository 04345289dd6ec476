export * from "./enums";
export * from "./definitions";
export * from "./validate";
export * from "./rules";
export * from "./fields";
export * from "./identifiers";
