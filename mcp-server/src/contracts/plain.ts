// What the extension needs while it activates, without zod: loading zod and the schemas is most of a cold activation.
export { errorMessage } from "../errors.js";
export { CATEGORIES, isCategory, type Category } from "../domain/vocabulary.js";
