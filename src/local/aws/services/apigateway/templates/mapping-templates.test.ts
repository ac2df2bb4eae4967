// Mapping templates as API Gateway renders them: the AWS-recorded renderings (LocalStack's snapshot
// tests recorded against AWS, test_input_path_template_formatting and test_input_body_formatting) and
// the examples of the developer guide's $input / $util reference.
import { describe, expect, it } from "vitest";
import { templateInput } from "./template-input.js";
import { escapeJavaScript, templateUtil, urlDecode, urlEncode } from "./template-util.js";
import { renderTemplate } from "./vtl-renderer.js";

const NO_PARAMS = { path: {}, querystring: {}, header: {} };
const render = (template: string, body: string, extra: Record<string, unknown> = {}) =>
  renderTemplate(template, { input: templateInput(body, NO_PARAMS), util: templateUtil, ...extra });

describe("$input.path renderings (AWS-recorded)", () => {
  const path = '#set($result = $input.path("$.json"))$result';
  it.each([
    [{ json: { foo: "bar" } }, path, "{foo=bar}"],
    [{ json: [{ foo: "bar" }] }, path, '[{"foo":"bar"}]'],
    [
      { json: { nested: { foo: "bar" } } },
      '#set($result = $input.path("$.json"))$result.nested',
      "{foo=bar}",
    ],
    [
      { json: { nested: [{ foo: "bar" }] } },
      '#set($result = $input.path("$.json"))$result.nested',
      '[{"foo":"bar"}]',
    ],
    [{ json: [{ foo: "bar" }] }, '#set($result = $input.path("$.json"))$result[0]', "{foo=bar}"],
    [{ json: { foo: [{ nested: "bar" }] } }, path, '{foo=[{"nested":"bar"}]}'],
    [
      { json: { bigger: "dict", to: "test", with: "separators" } },
      path,
      "{bigger=dict, to=test, with=separators}",
    ],
  ])("renders %j with %s as %s", (body, template, expected) => {
    expect(render(template, JSON.stringify(body))).toBe(expected);
  });

  it("renders a missing path as nothing, equal both to $null and to the empty string", () => {
    const template =
      '#set($result = $input.path("$.nonExisting")){"body": $result, "nested": $result.nested, "isNull": #if( $result == $null )"true"#else"false"#end, "isEmptyString": #if( $result == "" )"true"#else"false"#end}';
    expect(render(template, JSON.stringify({ json: {} }))).toBe(
      '{"body": , "nested": , "isNull": "true", "isEmptyString": "true"}',
    );
  });

  it("counts with size() and walks lists with #foreach", () => {
    const template =
      '#set($items = $input.path("$.items"))$items.size():#foreach($item in $items)$item.id#if($foreach.hasNext),#end#end';
    expect(render(template, JSON.stringify({ items: [{ id: "a" }, { id: "b" }] }))).toBe("2:a,b");
  });
});

describe("$input.body and $input.json", () => {
  it("reads an empty payload as {} (AWS-recorded) and passes any other payload as it is", () => {
    expect(render("$input.body", "")).toBe("{}");
    expect(render("$input.body", "some raw data")).toBe("some raw data");
    expect(render("$input.json('$')", "")).toBe("{}");
  });

  it("returns JSONPath results as JSON text, the developer guide's request example", () => {
    const template =
      '{\n    "id" : "$input.params(\'id\')",\n    "count" : "$input.path(\'$.things\').size()",\n    "things" : $input.json(\'$.things\')\n}';
    const out = renderTemplate(template, {
      input: templateInput(JSON.stringify({ things: { 1: {}, 2: {}, 3: {} } }), {
        ...NO_PARAMS,
        path: { id: "abc" },
      }),
    });
    expect(JSON.parse(out)).toEqual({ id: "abc", count: "3", things: { 1: {}, 2: {}, 3: {} } });
  });

  it("reads a path without a leading $ as under the root", () => {
    expect(render("$input.path('data')", JSON.stringify({ data: "x" }))).toBe("x");
  });
});

describe("$input.params", () => {
  const input = templateInput("", {
    path: { id: "p" },
    querystring: { id: "q", q: "x y" },
    header: { "X-Trace": "h", id: "hdr" },
  });

  it("searches path, then query string, then header (case-insensitive for headers)", () => {
    expect(
      renderTemplate(
        "$input.params('id')|$input.params('q')|$input.params('x-trace')|[$input.params('none')]",
        { input },
      ),
    ).toBe("p|x y|h|[]");
  });

  it("lists every parameter by kind, the reference's passthrough template", () => {
    const template =
      "#set($all = $input.params())#foreach($type in $all.keySet())$type:#set($p = $all.get($type))#foreach($n in $p.keySet())$n=$util.escapeJavaScript($p.get($n))#if($foreach.hasNext),#end#end;#end";
    expect(renderTemplate(template, { input, util: templateUtil })).toBe(
      "path:id=p;querystring:id=q,q=x y;header:X-Trace=h,id=hdr;",
    );
  });
});

describe("$util", () => {
  it("escapes JavaScript as commons-lang does: quotes, backslash, slash, control and non-ASCII characters", () => {
    expect(escapeJavaScript(`it's "a" \\ / line\nnext\ttab é 😀`)).toBe(
      'it\\\'s \\"a\\" \\\\ \\/ line\\nnext\\ttab \\u00E9 \\uD83D\\uDE00',
    );
    expect(render('$util.escapeJavaScript("it\'s").replaceAll("\\\\\'","\'")', "")).toBe("it's");
  });

  it("url-encodes as Java's URLEncoder (space as +, !'()~ encoded) and decodes + as a space", () => {
    expect(urlEncode(`{"some": "value"} a!'()~*._-`)).toBe(
      "%7B%22some%22%3A+%22value%22%7D+a%21%27%28%29%7E*._-",
    );
    expect(urlDecode("a+b%2Bc%C3%A9")).toBe("a b+cé");
    expect(render("EncodedBody=$util.urlEncode($input.body)", "")).toBe("EncodedBody=%7B%7D");
  });

  it("encodes and decodes base64 as UTF-8 and parses stringified JSON into a walkable object", () => {
    expect(render('$util.base64Encode("héllo")|$util.base64Decode("aMOpbGxv")', "")).toBe("aMOpbGxv|héllo");
    const template = "#set($o = $util.parseJson($input.path('$.errorMessage')))$o.key2.arr[0]";
    expect(render(template, JSON.stringify({ errorMessage: '{"key1":"var1","key2":{"arr":[1,2,3]}}' }))).toBe(
      "1",
    );
  });
});

describe("VTL as templates use it", () => {
  it("sets $context.responseOverride for the caller to read back", () => {
    const context = { responseOverride: { status: null, header: {} as Record<string, string> } };
    const out = renderTemplate(
      '#set($context.responseOverride.status = 201)#set($context.responseOverride.header.Location = "/x")ok',
      {
        context,
      },
    );
    expect([out, context.responseOverride.status, context.responseOverride.header.Location]).toEqual([
      "ok",
      201,
      "/x",
    ]);
  });

  it("has Java's String methods and renders an undefined reference as nothing", () => {
    expect(
      renderTemplate(
        '#set($s = "a-b-c")$s.length() $s.contains("b") $s.replaceAll("-", "+") $s.split("-").size() [$nothing]',
        {},
      ),
    ).toBe("5 true a+b+c 3 []");
  });
});
