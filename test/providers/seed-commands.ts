// The seed's curl commands (seed 003, "Testing"), verbatim but for the API's host, which is
// `https://<apiId>.execute-api.us-west-2.amazonaws.com` here as on AWS.

/** `curl https://756ua49vzl.execute-api.us-west-2.amazonaws.com/dogs` and the two gendered paths. */
export const seedGetDogs = (api: string, path: "/dogs" | "/dogs/males" | "/dogs/females" = "/dogs") => [
  `${api}${path}`,
];

/** `curl -d data="Write new AWS blog post" https://756ua49vzl.execute-api.us-west-2.amazonaws.com/todo` */
export const seedPostTodo = (api: string) => ["-d", "data=Write new AWS blog post", `${api}/todo`];

/** `curl https://756ua49vzl.execute-api.us-west-2.amazonaws.com/todo` */
export const seedListTodos = (api: string) => [`${api}/todo`];
