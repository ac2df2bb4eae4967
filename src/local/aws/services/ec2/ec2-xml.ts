// SDK-shaped EC2 output → the XML EC2 returns: members in lowerCamelCase, lists as `<…Set><item>`.
import { escapeXml } from "../../protocol/xml.js";

/** Lists whose wire name is not simply `<lowerCamel>Set`. */
const LIST_NAMES: Readonly<Record<string, string>> = {
  NetworkInterfaces: "networkInterfaceSet",
  PrivateIpAddresses: "privateIpAddressesSet",
  Groups: "groupSet",
  TagSet: "tagSet",
  Tags: "tagSet",
  PrefixLists: "prefixListSet",
  Ipv6Addresses: "ipv6AddressesSet",
};

function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function valueXml(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((item) => `<item>${valueXml(item)}</item>`).join("");
  }
  if (value !== null && typeof value === "object") {
    return membersXml(value as Record<string, unknown>);
  }
  return escapeXml(String(value));
}

/** The members of an EC2 output structure as XML elements (undefined members are left out). */
export function membersXml(structure: Readonly<Record<string, unknown>>): string {
  let xml = "";
  for (const [name, value] of Object.entries(structure)) {
    if (value === undefined) continue;
    const element = Array.isArray(value) ? (LIST_NAMES[name] ?? `${lowerCamel(name)}Set`) : lowerCamel(name);
    xml += `<${element}>${valueXml(value)}</${element}>`;
  }
  return xml;
}
