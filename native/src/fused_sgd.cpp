// The single-pass SGD update (see fused_sgd.h for why). Reference, torch::optim::SGD::step in
// libtorch 1.13 (the same rule as PyTorch's Python SGD), per parameter p with gradient g:
//   d = g;  if (wd != 0) d = d.add(p, wd)                      -> d = fma(p, wd, g)
//   if (momentum != 0):
//     first step: buf = clone(d)                               -> buf = d
//     later:      buf.mul_(momentum).add_(d, 1 - dampening)    -> buf = fma(d, 1 - damp, buf * m)
//     d = nesterov ? d.add(buf, momentum) : buf                -> d = fma(buf, m, d) | buf
//   p.add_(d, -lr)                                             -> p = fma(d, -lr, p)
// ATen computes add with alpha as a fused multiply-add (vec::fmadd, and the scalar tail compiled
// with contraction), mul as a plain product, and converts the scalars to float first; the kernels
// below do exactly that, so every element rounds the same way.
#include "fused_sgd.h"

#include <ATen/Parallel.h>
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace lb {
namespace {

// Elements per thread: below this the update stays on the calling thread, because handing a few
// hundred kilobytes to another core costs more than it saves (an MLP's 268k parameters update in
// well under a millisecond on one core).
constexpr int64_t kGrain = int64_t{1} << 19;

struct Rule {
  float neg_lr;
  float momentum;
  float damp_alpha;  // 1 - dampening
  float weight_decay;
  bool has_momentum;
  bool nesterov;
};

struct Slice {
  float* p;
  const float* g;
  float* buf;  // null without momentum
  int64_t n;
  bool first;  // the momentum buffer is new: it takes d as it is
  const Rule* rule;
};

inline void update_one(const Slice& s, int64_t i) {
  const Rule& r = *s.rule;
  float d = s.g[i];
  if (r.weight_decay != 0.f) d = std::fma(s.p[i], r.weight_decay, d);
  if (r.has_momentum) {
    float b = s.first ? d : std::fma(d, r.damp_alpha, s.buf[i] * r.momentum);
    s.buf[i] = b;
    d = r.nesterov ? std::fma(b, r.momentum, d) : b;
  }
  s.p[i] = std::fma(d, r.neg_lr, s.p[i]);
}

// Portable version: std::fma rounds once on any CPU (in software where there is no FMA unit).
void update_range(const Slice& s, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) update_one(s, i);
}

// Eight lanes at a time with the hardware FMA; the tail goes through update_one, compiled here
// with FMA available, so it too is one fused rounding.
__attribute__((target("avx2,fma"))) void update_range_avx2(const Slice& s, int64_t begin, int64_t end) {
  const Rule& r = *s.rule;
  const __m256 wd = _mm256_set1_ps(r.weight_decay), m = _mm256_set1_ps(r.momentum);
  const __m256 damp = _mm256_set1_ps(r.damp_alpha), neg_lr = _mm256_set1_ps(r.neg_lr);
  int64_t i = begin;
  for (; i + 8 <= end; i += 8) {
    __m256 p = _mm256_loadu_ps(s.p + i);
    __m256 d = _mm256_loadu_ps(s.g + i);
    if (r.weight_decay != 0.f) d = _mm256_fmadd_ps(p, wd, d);
    if (r.has_momentum) {
      __m256 b = s.first ? d : _mm256_fmadd_ps(d, damp, _mm256_mul_ps(_mm256_loadu_ps(s.buf + i), m));
      _mm256_storeu_ps(s.buf + i, b);
      d = r.nesterov ? _mm256_fmadd_ps(b, m, d) : b;
    }
    _mm256_storeu_ps(s.p + i, _mm256_fmadd_ps(d, neg_lr, p));
  }
  for (; i < end; ++i) update_one(s, i);
}

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

bool fits(const at::Tensor& t) {
  return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.layout() == at::kStrided && t.is_contiguous();
}

}  // namespace

torch::Tensor FusedSGD::step(LossClosure closure) {
  // One pass over the parameters gathers what the kernel needs and checks that it fits; a misfit
  // falls back before anything has been changed (no momentum buffer created yet).
  struct Pending {
    at::Tensor param;
    std::string key;  // the momentum-state key, built once; empty without momentum
    float* buf;       // the existing momentum buffer, null when there is none yet
    size_t group;
  };
  std::vector<Pending> pending;
  for (size_t gi = 0; gi < param_groups_.size(); ++gi) {
    const bool momentum = static_cast<const torch::optim::SGDOptions&>(param_groups_[gi].options()).momentum() != 0;
    for (auto& p : param_groups_[gi].params()) {
      const auto& g = p.grad();
      if (!g.defined()) continue;
      if (!fits(p) || !fits(g) || g.sizes() != p.sizes()) return torch::optim::SGD::step(std::move(closure));
      Pending entry{p, {}, nullptr, gi};
      if (momentum) {
        entry.key = c10::guts::to_string(p.unsafeGetTensorImpl());
        auto found = state_.find(entry.key);
        if (found != state_.end()) {
          auto& buf = static_cast<torch::optim::SGDParamState&>(*found->second).momentum_buffer();
          if (!fits(buf) || buf.sizes() != p.sizes()) return torch::optim::SGD::step(std::move(closure));
          entry.buf = buf.data_ptr<float>();
        }
      }
      pending.push_back(std::move(entry));
    }
  }

  at::NoGradGuard no_grad;
  torch::Tensor loss = {};
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }

  std::vector<Rule> rules;
  rules.reserve(param_groups_.size());
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const torch::optim::SGDOptions&>(group.options());
    rules.push_back(Rule{static_cast<float>(-1 * o.lr()), static_cast<float>(o.momentum()),
                         static_cast<float>(1 - o.dampening()), static_cast<float>(o.weight_decay()), o.momentum() != 0,
                         o.nesterov()});
  }

  std::vector<Slice> slices;
  std::vector<int64_t> starts;  // each slice's first index in the concatenation of all slices
  slices.reserve(pending.size());
  starts.reserve(pending.size());
  int64_t total = 0;
  for (auto& entry : pending) {
    const Rule& rule = rules[entry.group];
    const bool first = rule.has_momentum && entry.buf == nullptr;
    if (first) {
      auto state = std::make_unique<torch::optim::SGDParamState>();
      state->momentum_buffer(at::empty_like(entry.param, at::MemoryFormat::Contiguous));
      entry.buf = state->momentum_buffer().data_ptr<float>();
      state_.emplace(entry.key, std::move(state));
    }
    slices.push_back(Slice{entry.param.data_ptr<float>(), entry.param.grad().data_ptr<float>(), entry.buf,
                           entry.param.numel(), first, &rule});
    starts.push_back(total);
    total += entry.param.numel();
  }
  if (total == 0) return loss;

  const bool avx2 = cpu_has_avx2_fma();
  at::parallel_for(0, total, kGrain, [&](int64_t begin, int64_t end) {
    // The slices overlapping [begin, end): the first is found by binary search over the starts.
    auto k = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), begin) - starts.begin() - 1);
    for (; k < slices.size() && starts[k] < end; ++k) {
      const Slice& s = slices[k];
      int64_t from = std::max<int64_t>(begin - starts[k], 0), to = std::min<int64_t>(end - starts[k], s.n);
      if (avx2)
        update_range_avx2(s, from, to);
      else
        update_range(s, from, to);
    }
  });
  return loss;
}

}  // namespace lb
