import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";

let ajv: AjvJsonSchemaValidator | null = null;

/**
 * The SDK builds an Ajv (tens of ms) in every Server's constructor, though only elicitation replies use it:
 * this one builds it on first use and shares it, so start-up and HTTP's server per request skip it.
 */
export const sharedSchemaValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    ajv ??= new AjvJsonSchemaValidator();
    return ajv.getValidator<T>(schema);
  },
};
