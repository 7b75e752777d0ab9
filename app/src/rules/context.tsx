import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useStore } from "zustand";
import type { Engine } from "../sim/engine";
import { useAppStoreApi } from "../state/context";
import { createRulesController, type RulesController, type RulesUiState } from "./controller";
import { createNftController, type NftController, type NftUiState } from "./nft-controller";

const Ctx = createContext<RulesController | null>(null);
const NftCtx = createContext<NftController | null>(null);

/** Gives the rules panel and the text editor one controller per app store. */
export function RulesProvider({ engine, children }: { engine: Engine; children: ReactNode }) {
  const app = useAppStoreApi();
  const [nft] = useState(() => createNftController(app, engine));
  const [controller] = useState(() =>
    createRulesController(app, engine, (text) => {
      nft.setMode("nft");
      return nft.setText(text, "paste");
    }),
  );
  useEffect(() => controller.connect(), [controller]);
  useEffect(() => nft.connect(), [nft]);
  return (
    <Ctx.Provider value={controller}>
      <NftCtx.Provider value={nft}>{children}</NftCtx.Provider>
    </Ctx.Provider>
  );
}

export function useRules(): RulesController {
  const c = useContext(Ctx);
  if (!c) throw new Error("RulesProvider is missing");
  return c;
}

export function useRulesUi<T>(selector: (s: RulesUiState) => T): T {
  return useStore(useRules().ui, selector);
}

/** The native nftables text's controller (nft-controller.ts), made by the same provider. */
export function useNft(): NftController {
  const c = useContext(NftCtx);
  if (!c) throw new Error("RulesProvider is missing");
  return c;
}

export function useNftUi<T>(selector: (s: NftUiState) => T): T {
  return useStore(useNft().ui, selector);
}
