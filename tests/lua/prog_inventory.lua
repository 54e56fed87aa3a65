-- an inventory report: grouping, aggregation, sorting by several keys, formatted output
local items = {
  {sku = "A100", cat = "tools", name = "hammer", qty = 12, price = 9.5},
  {sku = "A101", cat = "tools", name = "wrench", qty = 0, price = 14.25},
  {sku = "B200", cat = "garden", name = "shovel", qty = 5, price = 22.0},
  {sku = "B201", cat = "garden", name = "rake", qty = 7, price = 18.75},
  {sku = "C300", cat = "paint", name = "brush", qty = 40, price = 3.2},
  {sku = "C301", cat = "paint", name = "roller", qty = 15, price = 7.8},
  {sku = "C302", cat = "paint", name = "tape", qty = 40, price = 2.1},
  {sku = "A102", cat = "tools", name = "pliers", qty = 9, price = 11.0},
}
local by_cat = {}
for _, it in ipairs(items) do
  local g = by_cat[it.cat] or {items = {}, value = 0, qty = 0}
  by_cat[it.cat] = g
  g.items[#g.items + 1] = it
  g.value = g.value + it.qty * it.price
  g.qty = g.qty + it.qty
end
local cats = {}
for c in pairs(by_cat) do cats[#cats + 1] = c end
table.sort(cats, function(a, b) return by_cat[a].value > by_cat[b].value end)
local grand = 0
for _, c in ipairs(cats) do
  local g = by_cat[c]
  print(string.format("== %-8s items=%d qty=%3d value=%8.2f", c, #g.items, g.qty, g.value))
  table.sort(g.items, function(a, b) if a.qty ~= b.qty then return a.qty > b.qty end return a.name < b.name end)
  for _, it in ipairs(g.items) do
    print(string.format("   %-5s %-8s %4d x %6.2f = %8.2f%s", it.sku, it.name, it.qty, it.price, it.qty * it.price, it.qty == 0 and "  (out of stock)" or ""))
  end
  grand = grand + g.value
end
print(string.format("total value %.2f", grand))
local cheapest, priciest = items[1], items[1]
for _, it in ipairs(items) do
  if it.price < cheapest.price then cheapest = it end
  if it.price > priciest.price then priciest = it end
end
print(cheapest.name, priciest.name)
