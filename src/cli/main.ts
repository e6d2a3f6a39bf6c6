import { z } from "zod";
export const x: number = z.number().parse(1);
console.log(x);
