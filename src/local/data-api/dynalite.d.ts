// dynalite 4 ships no types; this is the part used here.
declare module 'dynalite' {
  import type { Server } from 'node:http';
  type DynaliteOptions = {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  };
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}
