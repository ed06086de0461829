// Internal helpers shared by the translation units of liblossbench_torch: handle ownership,
// argument conversion and the exception barrier that every entry point goes through.
#pragma once

#include <ATen/ATen.h>
#include <atomic>
#include <string>

#include "lossbench_torch.h"

namespace lb {

// The last failure of the calling thread; the only mutable global besides the handle counter.
void set_error(const char* message);
extern std::atomic<int64_t> live_tensors;

inline at::Tensor& T(lb_tensor h) { return *static_cast<at::Tensor*>(h); }

// Hands a tensor to the caller as a new handle. Undefined tensors become NULL.
inline lb_tensor wrap(at::Tensor t) {
  if (!t.defined()) return nullptr;
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return new at::Tensor(std::move(t));
}

inline c10::optional<at::Tensor> opt(lb_tensor h) {
  if (h == nullptr) return c10::nullopt;
  return T(h);
}

inline at::Scalar S(lb_scalar s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.i);
    case 2: return at::Scalar(s.i != 0);
    default: return at::Scalar(s.d);
  }
}

inline at::IntArrayRef dims(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }

inline at::TensorOptions options(int dtype, int device_type, int device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(at::Device(static_cast<at::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}

inline c10::optional<at::Generator> gen(lb_generator g) {
  if (g == nullptr) return c10::nullopt;
  return *static_cast<at::Generator*>(g);
}

std::vector<at::indexing::TensorIndex> indices(const lb_index* idx, int n);

}  // namespace lb

// The exception barrier: libtorch reports misuse (shape mismatch, wrong dtype) by throwing, and
// an exception must never cross the C ABI into the managed runtime.
#define LB_TRY try {
#define LB_CATCH(failure)                                       \
  }                                                             \
  catch (const c10::Error& e) {                                 \
    lb::set_error(e.what_without_backtrace());                  \
    return failure;                                             \
  }                                                             \
  catch (const std::exception& e) {                             \
    lb::set_error(e.what());                                    \
    return failure;                                             \
  }                                                             \
  catch (...) {                                                 \
    lb::set_error("unknown C++ exception in liblossbench_torch"); \
    return failure;                                             \
  }

// Entry points returning a new tensor handle (NULL on failure).
#define LB_RETURN_TENSOR(expr) LB_TRY return lb::wrap(expr); LB_CATCH(nullptr)
// Entry points returning a status (0 ok, -1 failure).
#define LB_RETURN_STATUS(stmt) LB_TRY stmt; return 0; LB_CATCH(-1)
