/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_FACEATTEND_TILE_URL?: string;
}
