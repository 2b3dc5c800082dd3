-- bmp_messages.lua: a tshark listener that prints, for every frame holding
-- BMP, the fields the bmpcheck tests compare, in the order of the packet's
-- tree (one field per line: name TAB value). The tree order is what ties a
-- prefix to the BGP UPDATE and the BMP message it belongs to: tshark's
-- -T fields output lists each field's occurrences on their own.
--
-- Run: tshark -r FILE -d tcp.port==1790,bmp -q -X lua_script:bmp_messages.lua
local valued = {
  "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport",
  "bmp.version", "bmp.type", "bmp.peer.type", "bmp.peer.flags", "bmp.peer.distinguisher",
  "bmp.peer.ip.addr", "bmp.peer.ipv6.addr", "bmp.peer.asn",
  "bgp.type", "bgp.prefix_length", "bgp.nlri_path_id",
  "bgp.withdrawn_prefix", "bgp.nlri_prefix",
  "bgp.mp_reach_nlri_ipv4_prefix", "bgp.mp_reach_nlri_ipv6_prefix",
  "bgp.mp_unreach_nlri_ipv4_prefix", "bgp.mp_unreach_nlri_ipv6_prefix",
  "bgp.rd", "bgp.label_stack",
}
-- Fields whose presence is printed, not their value (the value of
-- _ws.malformed makes tshark 4.0 abort).
local marks = {
  "bgp.update.withdrawn_routes", "bgp.update.nlri",
  "bgp.update.path_attribute.mp_reach_nlri", "bgp.update.path_attribute.mp_unreach_nlri",
  "_ws.malformed",
}
-- The extractors are kept: a Field that is garbage-collected stops
-- priming its field, and tshark then leaves it out of the tree.
local want, keep = {}, {}
for _, n in ipairs(valued) do keep[#keep + 1] = Field.new(n); want[n] = "v" end
for _, n in ipairs(marks) do keep[#keep + 1] = Field.new(n); want[n] = "m" end

local tap = Listener.new("frame", "bmp")
function tap.packet(pinfo, tvb)
  io.write("F\t", pinfo.number, "\n")
  for _, fi in ipairs({ all_field_infos() }) do
    local k = want[fi.name]
    if k == "v" then
      io.write(fi.name, "\t", tostring(fi.value), "\n")
    elseif k == "m" then
      io.write(fi.name, "\n")
    end
  end
end
