<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Reset Password">
  <h1>Reset Password</h1>
  <form class="form" method="post" action="<c:url value='/reset_password_request'/>" novalidate>
    <t:csrf/>
    <div class="field">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" maxlength="120" value="${fn:escapeXml(param.email)}"<t:describedBy field="email"/>>
      <span class="hint">We will send a link to reset your password to the address of your account.</span>
      <t:errors field="email"/>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Request Password Reset"></div>
  </form>
  <p class="aside"><a href="<c:url value='/login'/>">Back to Sign In</a></p>
</t:layout>
