export declare const ASSET_NAMES: string[];
export declare function readDocsAsset(name: string): Promise<{ body: Buffer; contentType: string } | null>;
export declare function swaggerPage(options: { assetsBase: string; title?: string }): string;
export declare function swaggerInitScript(options: { specUrl: string }): string;
export declare function redocPage(options: { specUrl: string; assetsBase: string; title?: string }): string;
