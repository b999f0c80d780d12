import type { Endpoint } from "../server/endpoint.js";
import { sendJson } from "../server/respond.js";
import { openaiDialect } from "./openai-dialect.js";

// GET /v1/models and GET /v1/models/{id}: the configured model list (any model id is still
// accepted by the generation endpoints).

const CREATED = 1_700_000_000;

function modelObject(id: string) {
  return { id, object: "model", created: CREATED, owned_by: "switchboard-mock" };
}

export const listModelsEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect() {
    return {
      model: "",
      directiveText: "",
      stream: false,
      respond: (ctx) => {
        if (ctx.record) ctx.record.status = 200;
        sendJson(ctx.res, 200, { object: "list", data: ctx.settings.models.map(modelObject) });
      },
    };
  },
};

export const retrieveModelEndpoint: Endpoint = {
  dialect: openaiDialect,
  inspect(_body, pathModel) {
    const id = pathModel ?? "";
    return {
      model: id,
      directiveText: "",
      stream: false,
      respond: (ctx) => {
        if (ctx.record) ctx.record.status = 200;
        sendJson(ctx.res, 200, modelObject(id));
      },
    };
  },
};
