import { noInput } from "../contracts/data.js";
import { getProfileOutput } from "../contracts/twin.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getProfile = defineTool({
  name: "get_profile",
  title: "Get profile",
  description: "The person's profile from their digital twin: target role, companies, skills, experience and summary.",
  input: noInput,
  output: getProfileOutput,
  annotations: READ_ONLY,
  run: (_input, context) => {
    const twin = context.twin();
    return { profile: twin.profile, storyCount: twin.stories.length, twinFile: context.twinFile };
  },
});
