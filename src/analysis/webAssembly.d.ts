// The part of the WebAssembly JavaScript API the parser uses: TypeScript declares it in its DOM
// library only, which this project does not load (Node has the API as a global all the same).
declare namespace WebAssembly {
  // Opaque: made by compile, passed on as it is.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Module {}
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  type Imports = Record<string, Record<string, unknown>>;
  function compile(bytes: Uint8Array): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
}
