import base from "@shop/eslint-config";

export default [...base, { ignores: ["next-env.d.ts", ".next/**"] }];
