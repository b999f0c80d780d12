import { z } from "zod";

export const ModelObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal("model"),
  created: z.number().int(),
  owned_by: z.string(),
});
export type ModelObject = z.infer<typeof ModelObjectSchema>;

export const ModelsListSchema = z.looseObject({
  object: z.literal("list"),
  data: z.array(ModelObjectSchema),
});
export type ModelsList = z.infer<typeof ModelsListSchema>;
